from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from debate.interchange.services import InterchangeError, restore


class Command(BaseCommand):
    help = "Load a backup into an empty (freshly migrated) database, in one transaction."

    def add_arguments(self, parser):
        parser.add_argument("file", help="A file written by `manage.py backup`.")

    def handle(self, file, **options):
        try:
            loaded = restore(Path(file).read_bytes())
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        except InterchangeError as error:
            raise CommandError(f"Nothing was restored: {error}") from error
        total = sum(loaded.values())
        self.stdout.write(self.style.SUCCESS(f"Restored {total} rows from {file}."))
