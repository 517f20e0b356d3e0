from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from debate.interchange.aif_import import MAX_CLAIMS, MAX_NODES
from debate.interchange.services import InterchangeError, import_aif


class Command(BaseCommand):
    help = "Import an argument map (AIFdb JSON or OVA's xAIF) as a new debate, and print what could not be represented."

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help=f"The file to import: at most {MAX_CLAIMS:,} claims and {MAX_NODES:,} nodes in all."
        )
        parser.add_argument("--format", choices=["aif"], default="aif", dest="import_format")

    def handle(self, file, **options):
        try:
            debate = import_aif(Path(file).read_bytes())
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        except InterchangeError as error:
            raise CommandError(f"Nothing was imported: {error}") from error
        self.stdout.write(
            self.style.SUCCESS(f"Imported “{debate.motion}” as {debate.get_absolute_url()} ({debate.status}).")
        )
        for line in debate.import_report.lines():
            self.stdout.write(f"- {line}")
