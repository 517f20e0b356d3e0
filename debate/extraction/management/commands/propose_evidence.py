import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from debate.extraction.documents import UnreadableArticle, check_not_empty, check_size, decode_utf8
from debate.extraction.extractor import propose_quotes
from debate.extraction.services import known_speakers


class Command(BaseCommand):
    help = (
        "Print the quotations the extractor proposes for a UTF-8 text file, as a JSON list. "
        "Offsets index the file's text exactly as read: no newline translation, a byte-order mark kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A UTF-8 plain-text article.")

    def handle(self, file, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            check_size(path.stat().st_size, f"The file {file}")
            # The same text as open(file, encoding="utf-8", newline="").read(): "\r\n" stays two
            # characters, so start and end index the file as it is, not a translated copy.
            text = decode_utf8(path.read_bytes(), f"The file {file}", keep_bom=True)
            check_not_empty(text, f"The file {file}")
        except UnreadableArticle as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        # Only read from the database: speakers already on the site are named in matched_speaker.
        speakers, _ = known_speakers()
        proposals = [proposal.as_dict() for proposal in propose_quotes(text, speakers)]
        self.stdout.write(json.dumps(proposals, ensure_ascii=False, indent=2))
