from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from debate.interchange.aif_import import MAX_CLAIMS, MAX_NODES
from debate.interchange.argdown_import import MAX_ARGUMENTS
from debate.interchange.services import IMPORTS, AlreadyOnSite, InterchangeError


class Command(BaseCommand):
    help = (
        "Import an argument map (AIFdb JSON or OVA's xAIF) or an Argdown outline as a new draft debate, "
        "and print what could not be represented. A debate already on the site is not imported again "
        "unless --copy is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file",
            help=f"The file to import: AIF with at most {MAX_CLAIMS:,} claims and {MAX_NODES:,} nodes in all, "
            f"or Argdown with at most {MAX_ARGUMENTS:,} arguments.",
        )
        parser.add_argument("--format", choices=sorted(IMPORTS), default="aif", dest="import_format")
        parser.add_argument(
            "--copy",
            action="store_true",
            help="Import it even when the same debate is already on the site, as a draft copy (slug plus -copy).",
        )

    def handle(self, file, import_format, copy, **options):
        try:
            debate = IMPORTS[import_format](Path(file).read_bytes(), copy=copy)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        except AlreadyOnSite as error:
            raise CommandError(f"Nothing was imported: {error} Use --copy to import a copy.") from error
        except InterchangeError as error:
            raise CommandError(f"Nothing was imported: {error}") from error
        self.stdout.write(
            self.style.SUCCESS(f"Imported “{debate.motion}” as {debate.get_absolute_url()} ({debate.status}).")
        )
        for line in debate.import_report.lines():
            self.stdout.write(f"- {line}")
