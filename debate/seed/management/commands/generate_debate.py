from django.core.management.base import BaseCommand, CommandError

from debate.seed.generator import generate_debate


class Command(BaseCommand):
    help = (
        "Generate a published debate of any size from a seed, for load tests and the benchmark: "
        "speakers, invented articles with verbatim evidence, and rebuttal threads exactly --depth levels deep."
    )

    def add_arguments(self, parser):
        parser.add_argument("--arguments", type=int, default=50, help="Number of arguments (default 50).")
        parser.add_argument(
            "--depth", type=int, default=4, help="Levels in the longest chain of replies; 1 = top-level only."
        )
        parser.add_argument("--speakers", type=int, default=12, help="Number of speakers (default 12).")
        parser.add_argument("--sources", type=int, default=3, help="Number of generated articles (default 3).")
        parser.add_argument(
            "--evidence",
            type=int,
            default=None,
            help="Evidence excerpts across all articles (default: the larger of 10 per source and arguments / 5).",
        )
        parser.add_argument("--positions", type=int, default=1, help="Positions sharing the arguments (default 1).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed: the same seed builds the same debate.")
        parser.add_argument("--slug", default=None, help="The debate's slug (default: made from its motion).")

    def handle(self, *args, **options):
        try:
            made = generate_debate(
                arguments=options["arguments"],
                depth=options["depth"],
                speakers=options["speakers"],
                sources=options["sources"],
                evidence=options["evidence"],
                positions=options["positions"],
                seed=options["seed"],
                slug=options["slug"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        counts = made.counts
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated “{made.debate.motion}” ({made.debate.slug}) in {made.seconds:.1f} s: "
                f"{counts['positions']} positions, {counts['arguments']} arguments "
                f"(longest chain {counts['levels']} levels), {counts['speakers']} speakers, "
                f"{counts['sources']} sources, {counts['evidence']} evidence excerpts, {counts['citations']} citations."
            )
        )
        self.stdout.write(f"Debate:           {made.debate.get_absolute_url()}")
        self.stdout.write(f"Biggest position: {made.biggest_position.get_absolute_url()}")
        self.stdout.write(f"Deepest argument: {made.deepest_argument.get_absolute_url()}")
