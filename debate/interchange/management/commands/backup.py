from django.core.management.base import BaseCommand

from debate.interchange.services import backup


class Command(BaseCommand):
    help = "Write everything needed to rebuild the site (content, history, users, groups, proposals) as JSON."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="Write to this file instead of standard output.")

    def handle(self, output=None, **options):
        document = backup()
        if output:
            with open(output, "w", encoding="utf-8") as file:
                file.write(document)
            self.stderr.write(f"Wrote {output}.")
        else:
            self.stdout.write(document, ending="")
