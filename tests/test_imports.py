"""Imports that never duplicate a debate, and Argdown outlines read back into debates."""

import io
import json
import re
import threading

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from debate.arguments.models import Argument, Debate, Position
from debate.core.models import Status
from debate.interchange.aif import export_aif
from debate.interchange.argdown import MAX_NESTING, export_argdown
from debate.interchange.argdown_import import MAX_ARGUMENTS
from debate.interchange.content import debate_content
from debate.interchange.services import AlreadyOnSite, InterchangeError, import_aif, import_argdown
from debate.seed.generator import generate_debate
from debate.sources.models import Evidence, Source, Speaker
from debate.sources.passages import find_in_folded, fold

from .factories import make_argument, make_debate, make_evidence, make_position, make_source, make_speaker
from .test_interchange import argdown_json

pytestmark = pytest.mark.django_db

SEED_SLUG = "us-military-force-against-mexican-cartels"
CONTENT_MODELS = (Debate, Position, Argument, Source, Speaker, Evidence)


def counts():
    return [model._base_manager.count() for model in CONTENT_MODELS]


def seeded_debate():
    return Debate.objects.get(slug=SEED_SLUG)


def outline(debate, include_unpublished=False):
    """What a debate says, ids aside: motion, positions, and each argument's level, side, text, speaker and excerpts."""
    content = debate_content(debate, include_unpublished=include_unpublished)
    return (
        debate.motion,
        [
            (
                part.position.title,
                [
                    (
                        entry.level,
                        entry.argument.stance,
                        entry.argument.text,
                        entry.argument.speaker_id,
                        [(e.source_id, e.start, e.end, e.speaker_id) for e in entry.evidence],
                    )
                    for entry in part.entries
                ],
            )
            for part in content.positions
        ],
    )


@pytest.fixture
def moderator_client(client, alice):
    client.force_login(alice)
    return client


# -- Already on the site ----------------------------------------------------------


@pytest.mark.parametrize(("importer", "export"), [(import_aif, export_aif), (import_argdown, export_argdown)])
def test_it_says_a_debate_is_already_on_the_site_and_changes_nothing(seeded, importer, export):
    before = counts()
    with pytest.raises(AlreadyOnSite, match="already on the site") as refused:
        importer(export(seeded_debate()))
    assert refused.value.debate == seeded_debate()
    assert counts() == before


@pytest.mark.parametrize(("importer", "export"), [(import_aif, export_aif), (import_argdown, export_argdown)])
def test_it_imports_a_debate_already_on_the_site_as_a_draft_copy_on_purpose(seeded, client, importer, export):
    document = export(seeded_debate())
    debates, sources = Debate.objects.count(), Source.objects.count()
    first = importer(document, copy=True)
    assert (first.slug, first.status) == (f"{SEED_SLUG}-copy", Status.DRAFT)
    second = importer(document, copy=True)
    assert (second.slug, second.status) == (f"{SEED_SLUG}-copy-2", Status.DRAFT)
    assert Debate.objects.count() == debates + 2 and Source.objects.count() == sources
    # A reader sees neither copy until a moderator publishes it.
    assert client.get(first.get_absolute_url()).status_code == 404
    assert outline(first, include_unpublished=True) == outline(second, include_unpublished=True)


def test_it_imports_aif_as_a_draft_even_when_its_extension_says_published(db):
    debate = make_debate(motion="Homework should be optional")
    make_argument(make_position(debate, title="Less stress"), text="Pupils sleep more.")
    document = export_aif(debate)
    assert document["debate_site"]["debate"]["status"] == Status.PUBLISHED
    debate.delete()
    imported = import_aif(document)
    assert imported.status == Status.DRAFT and not Debate.objects.published().exists()


@pytest.mark.django_db(transaction=True)
def test_it_imports_one_debate_when_two_moderators_import_the_same_file_at_once(seeded):
    document = json.dumps(export_aif(seeded_debate()))
    seeded_debate().delete()  # the file is new to the site
    before = Debate.objects.count()
    start, outcomes = threading.Barrier(2), []

    def import_it():
        try:
            start.wait()
            outcomes.append(import_aif(document))
        except InterchangeError as error:  # the one that comes second (or, on SQLite, finds the writer busy)
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=import_it) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Debate.objects.count() == before + 1
    assert sum(isinstance(outcome, Debate) for outcome in outcomes) == 1
    if connection.vendor == "postgresql":
        assert any(isinstance(outcome, AlreadyOnSite) for outcome in outcomes)


def upload(client, kind, **data):
    return client.post(f"/moderate/import/{kind}/", data)


def test_it_shows_moderators_the_debate_already_on_the_site_and_imports_a_copy_when_asked(seeded, moderator_client):
    seed = seeded_debate()
    for kind, document in [("aif", json.dumps(export_aif(seed)).encode()), ("argdown", export_argdown(seed).encode())]:
        before = counts()
        response = upload(moderator_client, kind, file=SimpleUploadedFile(f"debate.{kind}", document))
        page = response.content.decode()
        assert response.status_code == 409 and "Already on the site" in page and "Nothing was imported" in page
        assert f'href="/moderate/debates/{seed.pk}/edit/"' in page and f'href="{seed.get_absolute_url()}"' in page
        assert counts() == before
        response = upload(moderator_client, kind, file=SimpleUploadedFile(f"debate.{kind}", document), copy="on")
        assert response.status_code == 200 and "Debate imported" in response.content.decode()
    copies = Debate.objects.filter(slug__startswith=f"{SEED_SLUG}-copy").order_by("id")
    assert [(d.slug, d.status) for d in copies] == [(f"{SEED_SLUG}-copy", "draft"), (f"{SEED_SLUG}-copy-2", "draft")]


def test_it_refuses_a_duplicate_on_the_command_line_unless_asked_for_a_copy(seeded, tmp_path):
    target = tmp_path / "debate.argdown"
    target.write_text(export_argdown(seeded_debate()), encoding="utf-8")
    before = counts()
    with pytest.raises(CommandError, match="already on the site.*--copy"):
        call_command("import_debate", str(target), "--format", "argdown", stdout=io.StringIO())
    assert counts() == before
    out = io.StringIO()
    call_command("import_debate", str(target), "--format", "argdown", "--copy", stdout=out)
    assert f"/debates/{SEED_SLUG}-copy/ (draft)" in out.getvalue()
    assert "Created: 1 debate, 3 positions, 42 arguments." in out.getvalue()


# -- Argdown ----------------------------------------------------------------------


def test_it_round_trips_the_seed_debate_through_argdown(seeded):
    seed = seeded_debate()
    evidence = Evidence.objects.count()
    copy = import_argdown(export_argdown(seed), copy=True)
    assert outline(copy, include_unpublished=True) == outline(seed)
    assert Evidence.objects.count() == evidence  # the same excerpts are cited, none made again
    assert str(copy.import_report) == "Created: 1 debate, 3 positions, 42 arguments."


def test_it_round_trips_a_deep_debate_restoring_the_nesting_the_export_had_to_flatten(db, tmp_path):
    depth = 3 * MAX_NESTING + 2
    generate_debate(arguments=60, depth=depth, positions=2, speakers=3, sources=2, evidence=12, seed=7, slug="deep")
    deep = Debate.objects.get(slug="deep")
    document = export_argdown(deep)
    assert max(len(line) - len(line.lstrip(" ")) for line in document.splitlines()) <= 2 * MAX_NESTING
    argdown_json(tmp_path, document)  # the fixture is Argdown that Argdown's own parser reads
    copy = import_argdown(document, copy=True)
    assert outline(copy, include_unpublished=True) == outline(deep)
    assert Argument.objects.filter(position__debate=copy).order_by("-depth").first().depth == depth - 1


def test_it_reads_an_outline_written_by_hand(db):
    source = make_source(
        "The study followed 300 pupils. “Their body clocks shift by two hours,” said Dr Ana Lee.\n"
        "Most of them  were on their phones — until midnight, the survey found.",
        title="Sleep study",
    )
    lee = make_speaker("Dr Ana Lee")
    debate = import_argdown(
        """// A teacher's outline
[Motion]: The school day should start at ten.

[Sleep]: Teenagers need to sleep later
  +> [Motion]
  + <Biology>: Adolescent body clocks run late. — Dr Ana Lee: "Their body clocks shift by two hours"
    - <Habits>: Phones, not biology, keep them up. — the reporter: "Most of them were on their phones--until midnight"
      +> [Cost]
  - Buses would run in rush hour. #cost
    <+ It is only an hour later. — Dr Bo Chan: “We never said that”

[Cost]: A later start costs too much
  -> [Motion]
"""
    )
    assert (debate.motion, debate.status) == ("The school day should start at ten.", Status.DRAFT)
    sleep, cost = debate.positions.order_by("order")
    assert (sleep.title, sleep.summary) == ("Teenagers need to sleep later", "")
    assert (cost.title, cost.summary) == ("A later start costs too much", "Against the motion.")
    biology = Argument.objects.get(text="Adolescent body clocks run late.")
    quoted = biology.evidence.get()
    assert (quoted.source, quoted.speaker, quoted.quote) == (source, lee, "Their body clocks shift by two hours")
    habits = Argument.objects.get(parent=biology)
    narrated = habits.evidence.get()
    assert (habits.stance, narrated.speaker) == ("against", None)
    assert narrated.quote == "Most of them  were on their phones — until midnight"
    assert source.text[narrated.start : narrated.end] == narrated.quote
    buses = Argument.objects.get(text="Buses would run in rush hour.")
    assert (buses.stance, buses.parent, buses.position) == ("against", None, sleep)
    reply = Argument.objects.get(parent=buses)
    assert reply.stance == "for" and not reply.evidence.exists()
    report = str(debate.import_report)
    assert "Line 10: the quote “We never said that” (Dr Bo Chan) is not in any source on the site" in report
    assert "Line 8: “+> [Cost]” was left out: an argument here answers only what it is indented under." in report
    assert not Speaker.objects.filter(name="Dr Bo Chan").exists()


def test_it_finds_a_quote_whatever_its_quote_marks_dashes_and_spacing(db):
    text = "He said: “It’s the end — truly,\nthe end.” Then “it’s the end — truly, the end” again."
    [(start, end)] = find_in_folded(fold(text), '"It\'s the end--truly, the   end."')
    assert text[start:end] == "“It’s the end — truly,\nthe end.”"
    assert [text[a:b] for a, b in find_in_folded(fold(text), "the end - truly, the end")] == [
        "the end — truly,\nthe end",
        "the end — truly, the end",
    ]
    assert find_in_folded(fold(text), "it's the end — truly,\nthe end.”") == []  # "It’s": letters must match
    assert find_in_folded(fold(text), "the end, truly") == []


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("[Motion]: M\n\n[P]: P\n  + <A>: Claim\n  + <A>: Again", "Line 5: the title “A” is already used on line 4"),
        ("[Motion]: M\n\n[P]: Position\n  + <A>: Claim\n    <B>", "Line 5: an indented line must start with “+”"),
        ("[Motion]: M\n\n<A>: Claim", "Line 3: the argument <A> answers nothing"),
        ("[Motion]: M\n\n<A>\n  + Reply", "Line 3: <A> is not defined above"),
        ("  + Claim\n[Motion]: M", "Line 1: “+” and “-” answer what they are indented under"),
        ("[Motion]: M\n[P]: Position\nplain words", "Line 3: expected a statement"),
        ("[P]: Position\n  + Claim", "Line 1: the outline names no motion"),
        ("[Motion]: M\n", "Line 1: the outline has no positions"),
        ("[Motion]: M\n[P]: P\n  + Claim — Ann: “open", "Line 3: the quote of “Ann” has no closing quotation mark"),
        ("[Motion]: M\n[P]: P\n  + " + "x" * 2001, "Line 3: the claim has 2,001 characters"),
        ("[Motion]: M\n[P]: P\n  + a\x00b", "Line 3: the outline holds a NUL character"),
        (b"[Motion]: M\xff", "not UTF-8 text"),
        ("[Motion]: M\n[P]: P\n\n  + a\ud800", "Line 4: the outline holds a lone surrogate"),
        ("[Motion]: M\n[P]: P\n" + "  + Claim\n" * (MAX_ARGUMENTS + 1), f"at most {MAX_ARGUMENTS:,} arguments"),
        ("x" * (2 * 1024 * 1024 + 1), "at most 2 MB"),
    ],
)
def test_it_refuses_a_malformed_outline_with_its_line_and_changes_nothing(seeded, document, message):
    before = counts()
    with pytest.raises(InterchangeError, match=re.escape(message)):
        import_argdown(document)
    assert counts() == before


def test_it_lets_moderators_paste_an_outline_and_reports_what_it_left_out(seeded, moderator_client):
    assert moderator_client.get("/moderate/").content.decode().count('href="/moderate/import/argdown/"') == 1
    assert moderator_client.get("/moderate/import/argdown/").status_code == 200
    text = (
        "[Motion]: Cartels should be fought with advisers\n\n[P]: Advise the Mexican military\n"
        "  + Partnering works. — Carolyn Gallaher: “You have to go back and think of a new strategy,”"
        " — Carolyn Gallaher: “Words nobody said”\n"
    )
    response = upload(moderator_client, "argdown", text=text)
    page = response.content.decode()
    assert response.status_code == 200 and "Debate imported" in page
    assert "the quote “Words nobody said” (Carolyn Gallaher) is not in any source on the site" in page
    debate = Debate.objects.get(motion="Cartels should be fought with advisers")
    assert debate.status == Status.DRAFT and f"/moderate/debates/{debate.pk}/edit/" in page
    assert Argument.objects.get(position__debate=debate).evidence.get().speaker.name == "Carolyn Gallaher"
    before = counts()
    response = upload(moderator_client, "argdown", text="[Motion]: M\n\n<A>: Claim")
    assert response.status_code == 400 and "Nothing was imported: Line 3: the argument" in response.content.decode()
    response = upload(moderator_client, "argdown", text=" ")
    assert response.status_code == 400 and "Paste an outline or upload a file." in response.content.decode()
    assert counts() == before


def test_it_keeps_the_argdown_import_to_moderators(client, db):
    text = "[Motion]: M\n[P]: P\n  + Claim\n"
    assert upload(client, "argdown", text=text)["Location"].startswith("/accounts/login/")
    client.force_login(User.objects.create_user("student", password="a long student password"))
    assert upload(client, "argdown", text=text).status_code == 403
    assert not Debate.objects.exists() and Group.objects.filter(name="moderators").exists()


def test_it_keeps_quotes_of_unpublished_speakers_from_a_readers_export(db):
    source = make_source("She said the plan was folly and would fail.")
    hidden = make_speaker("Hidden Person", status=Status.DRAFT)
    quote = make_evidence(source, quote="the plan was folly", speaker=hidden)
    debate = make_debate(motion="Adopt the plan")
    make_argument(make_position(debate, title="No"), text="It would fail.", evidence=[quote])
    document = export_argdown(debate)
    assert "Unattributed: “the plan was folly”" in document
    copy = import_argdown(document, copy=True)
    assert Argument.objects.get(position__debate=copy).evidence.get() == quote
