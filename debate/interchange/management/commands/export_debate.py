from django.core.management.base import BaseCommand, CommandError

from debate.arguments.models import Debate
from debate.interchange.services import EXPORTS, export_debate


class Command(BaseCommand):
    help = "Export a debate as AIF, Argdown or evidence cards (Word or plain text)."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The debate's slug, as in /debates/<slug>/.")
        parser.add_argument("--format", required=True, choices=sorted(EXPORTS), dest="export_format")
        parser.add_argument("-o", "--output", help="Write to this file instead of standard output.")
        parser.add_argument(
            "--include-unpublished",
            action="store_true",
            help="Also export drafts and retired items (what moderators see); by default only what readers see.",
        )

    def handle(self, slug, export_format, output=None, include_unpublished=False, **options):
        debate = Debate.objects.filter(slug=slug).first()
        if debate is None:
            raise CommandError(f"No debate has the slug “{slug}”.")
        if not (debate.is_published or include_unpublished):
            raise CommandError(f"The debate “{slug}” is not published; add --include-unpublished to export it.")
        export = export_debate(debate, export_format, include_unpublished=include_unpublished)
        if output:
            with open(output, "wb") as file:
                file.write(export.content)
            self.stderr.write(f"Wrote {output} ({len(export.content)} bytes).")
        elif not EXPORTS[export_format].binary:
            self.stdout.write(export.content.decode("utf-8"), ending="")
        else:
            binary = getattr(self.stdout._out, "buffer", None)
            if binary is None or self.stdout.isatty():
                raise CommandError(f"{export_format} is binary: write it to a file with -o FILE.")
            self.stdout.flush()
            binary.write(export.content)
            binary.flush()
