import os

from django.core.management.base import BaseCommand, CommandError

from debate.interchange.services import backup


class Command(BaseCommand):
    help = "Write everything needed to rebuild the site (content, history, users, groups, proposals) as JSON."

    def add_arguments(self, parser):
        parser.add_argument(
            "-o", "--output", help="Write to this file (readable by its owner only) instead of standard output."
        )

    def handle(self, output=None, **options):
        document = backup()
        if output:
            try:
                write_private(output, document)
            except OSError as error:
                raise CommandError(f"Cannot write {output}: {error.strerror}.") from error
            self.stderr.write(f"Wrote {output}.")
        else:
            self.stdout.write(document, ending="")


def write_private(path, text):
    """Write ``text`` to ``path`` with mode 0600: the backup holds password hashes.

    The mode is given when the file is created, so it is never readable by others even
    for a moment, and set again on a file that already existed with a wider mode.
    """
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with open(descriptor, "w", encoding="utf-8") as file:
        os.fchmod(file.fileno(), 0o600)
        file.write(text)
