import copy
import io
import json
import os
import shutil
import stat
import subprocess
import threading
import time
from pathlib import Path

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import OperationalError, connection, transaction
from docx import Document

from debate.accounts.models import ApiToken
from debate.accounts.services import issue_api_token
from debate.arguments.models import Argument, Debate, Position
from debate.core.models import Status
from debate.interchange.aif import export_aif
from debate.interchange.aif_import import MAX_CLAIMS
from debate.interchange.argdown import MAX_NESTING, escape, export_argdown
from debate.interchange.backup import backup_models, occupied
from debate.interchange.services import EXPORTS, InterchangeError, backup, export_urls, import_aif, restore
from debate.moderation.models import Flag, Proposal
from debate.search.services import search
from debate.seed.generator import generate_debate
from debate.sources.models import Evidence, Source, Speaker

from .factories import make_argument, make_debate, make_evidence, make_position, make_source, make_speaker

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
ARGDOWN = ROOT / "node_modules" / ".bin" / "argdown"
SEED_SLUG = "us-military-force-against-mexican-cartels"
CONTENT_MODELS = (Debate, Position, Argument, Source, Speaker, Evidence)


def seeded_debate():
    return Debate.objects.get(slug=SEED_SLUG)


def counts():
    return [model.objects.count() for model in CONTENT_MODELS]


def without_timestamps(document):
    """An AIF export with what a re-import cannot keep (times, the debate's new slug and draft state) taken out."""
    document = copy.deepcopy(document)
    for row in document["nodes"] + document["locutions"]:
        row.pop("timestamp")
    document["debate_site"]["debate"].pop("slug")
    document["debate_site"]["debate"].pop("status")
    return document


def nodes_of(document, kind):
    return [node for node in document["nodes"] if node["type"] == kind]


# -- AIF export --------------------------------------------------------------------


def test_it_exports_the_seeded_debate_as_an_aif_map(seeded):
    debate = seeded_debate()
    document = export_aif(debate)
    arguments = Argument.objects.readable().filter(position__debate=debate)
    cited = Evidence.objects.filter(arguments__in=arguments)
    assert document["nodes"][0] == {**document["nodes"][0], "type": "I", "text": debate.motion}
    assert len(nodes_of(document, "I")) == 1 + debate.positions.count() + arguments.count()
    assert len(nodes_of(document, "CA")) == arguments.filter(stance="against").count()
    assert len(nodes_of(document, "RA")) == arguments.filter(stance="for").count() + debate.positions.count()
    assert len(nodes_of(document, "L")) == cited.distinct().count()
    assert len(nodes_of(document, "YA")) == cited.count()
    ids = {node["nodeID"] for node in document["nodes"]}
    assert all(edge["fromID"] in ids and edge["toID"] in ids for edge in document["edges"])
    assert all(edge["formEdgeID"] is None for edge in document["edges"])
    people = {p["participantID"]: f"{p['firstname']} {p['surname']}".strip() for p in document["participants"]}
    texts = {node["nodeID"]: node["text"] for node in document["nodes"]}
    for locution in document["locutions"]:
        assert texts[locution["nodeID"]].startswith(people[locution["personID"]] + ": ")
    assert "Carolyn Gallaher: You have to go back and think of a new strategy," in texts.values()
    assert all(len(node["timestamp"]) == len("2025-01-01 12:00:00") for node in document["nodes"])


def test_it_exports_the_same_map_every_time(seeded):
    assert export_aif(seeded_debate()) == export_aif(seeded_debate())


def test_it_round_trips_aif_through_import(seeded):
    first = export_aif(seeded_debate())
    evidence_before = Evidence.objects.count()
    imported = import_aif(json.dumps(first), copy=True)
    assert imported.slug == f"{SEED_SLUG}-copy" and imported.status == Status.DRAFT
    assert without_timestamps(export_aif(imported, include_unpublished=True)) == without_timestamps(first)
    # The same article and excerpts are found again, not copied.
    assert Evidence.objects.count() == evidence_before and Source.objects.count() == 1


def test_it_imports_a_map_without_our_extension_as_a_draft(seeded):
    document = export_aif(seeded_debate())
    del document["debate_site"]
    debate = import_aif(document, copy=True)
    assert debate.status == Status.DRAFT and debate.motion == seeded_debate().motion
    assert debate.positions.count() == 3
    arguments = Argument.objects.filter(position__debate=debate)
    assert arguments.count() == Argument.objects.filter(position__debate=seeded_debate()).count()
    assert not arguments.filter(status=Status.PUBLISHED).exists()
    source = Source.objects.exclude(slug=Source.objects.order_by("id").first().slug).get()
    assert source.status == Status.DRAFT
    quotes = set(Evidence.objects.filter(source=source).values_list("quote", flat=True))
    assert "You have to go back and think of a new strategy," in quotes
    for evidence in Evidence.objects.filter(source=source):
        assert source.text[evidence.start : evidence.end] == evidence.quote
    assert "no source text" in str(debate.import_report)


def test_it_imports_an_aifdb_map_as_a_tree_with_cross_references(db):
    debate = import_aif((DATA / "aifdb_car_free_centres.json").read_bytes())
    assert debate.motion == "Cities should ban private cars from their centres" and debate.status == Status.DRAFT
    positions = list(debate.positions.order_by("order"))
    assert [p.title for p in positions] == [
        "Car-free centres cut air pollution",
        "Pedestrianised streets bring more shoppers to local businesses",
        "A ban would cut off disabled people who depend on their cars",
        "Fewer cars means cleaner air in the centre",
    ]
    assert [s.name for s in positions[0].holders.all()] == ["Helen Ward"]
    cleaner_air = Argument.objects.get(text__startswith="Cleaner air")
    assert cleaner_air.position == positions[0] and cleaner_air.stance == "for" and cleaner_air.parent is None
    exemption = Argument.objects.get(text__startswith="Blue-badge")
    assert exemption.position == positions[2] and exemption.stance == "against"
    linked = Argument.objects.filter(text__startswith=("Most city-centre")) | Argument.objects.filter(
        text__startswith="Short trips"
    )
    assert {a.parent.text for a in linked} == {"A ban would not stop people getting into town"}
    evidence = cleaner_air.evidence.get()
    assert evidence.quote == "cleaner air prevents thousands of early deaths every year"
    assert evidence.speaker.name == "Helen Ward" and cleaner_air.speaker == evidence.speaker
    assert evidence.source.text[evidence.start : evidence.end] == evidence.quote
    report = str(debate.import_report)
    assert "also supports “Cities should ban private cars from their centres”" in report
    assert "rephrase (MA)" in report and "dialogue transition (TA)" in report
    assert "2 premises together" in report and "attacks the motion" in report


def test_it_imports_an_ova_xaif_file_anchoring_locutions_in_its_text(db):
    debate = import_aif((DATA / "ova_votes_at_sixteen.json").read_text(encoding="utf-8"))
    # Two root claims: each is a position under a motion for a moderator to name.
    assert debate.motion == "Imported argument map"
    assert [p.title for p in debate.positions.order_by("order")] == [
        "Sixteen-year-olds should get the vote",
        "Voting at sixteen builds a habit that lasts",
    ]
    source = Source.objects.get()
    assert "Neil Lyndon: Most sixteen-year-olds pay no income tax at all." in source.text
    assert "<span" not in source.text and "school’s where that habit starts" in source.text
    taxes = Argument.objects.get(text="Sixteen-year-olds already pay taxes")
    rebuttal = Argument.objects.get(parent=taxes)
    assert rebuttal.stance == "against" and rebuttal.speaker.name == "Neil Lyndon"
    habit = Argument.objects.get(text="School is where the voting habit starts").evidence.get()
    assert habit.quote == "school’s where that habit starts"
    for evidence in Evidence.objects.all():
        assert source.text[evidence.start : evidence.end] == evidence.quote
    assert Evidence.objects.count() == 4
    assert "dialogue transition (TA)" in str(debate.import_report)


def aif_map(*relations):
    """A small map: claims A, B, C… and ``(premise, "RA"|"CA", conclusion)`` links."""
    claims = sorted({claim for premise, _, conclusion in relations for claim in (premise, conclusion)})
    nodes = [{"nodeID": claim, "text": f"Claim {claim}", "type": "I"} for claim in claims]
    edges = []
    for index, (premise, kind, conclusion) in enumerate(relations):
        nodes.append({"nodeID": f"S{index}", "text": "Default", "type": kind})
        edges += [{"edgeID": 2 * index, "fromID": premise, "toID": f"S{index}"}]
        edges += [{"edgeID": 2 * index + 1, "fromID": f"S{index}", "toID": conclusion}]
    return {"nodes": nodes, "edges": edges}


@pytest.fixture
def small_debate(db):
    """A published debate with one argument citing one excerpt: quicker to build than the seed."""
    argument = make_argument(evidence=[make_evidence(speaker=make_speaker("Ada Lovelace"))])
    return argument.position.debate


def misquoted_export():
    document = export_aif(Debate.objects.get())
    document["nodes"][0]["text"] += " (a new motion, so that it is not already on the site)"
    document["debate_site"]["evidence"][0]["start"] += 1
    return document


def imported_tree(document):
    debate = import_aif(document, copy=True)  # the same map twice: the second is a copy
    arguments = Argument.objects.filter(position__debate=debate).order_by("id")
    return (
        debate.motion,
        list(debate.positions.order_by("order").values_list("title", "summary")),
        [(a.text, a.parent.text if a.parent else a.position.title, a.stance) for a in arguments],
        str(debate.import_report).replace(debate.slug, ""),
    )


def test_it_imports_claims_that_attack_each_other_the_same_way_every_time(db):
    mutual = aif_map(("A", "CA", "B"), ("B", "CA", "A"))
    first = imported_tree(mutual)
    assert first == imported_tree(mutual)
    motion, positions, arguments, report = first
    # The claim first in the file is the root; its own attack becomes a cross-reference.
    assert motion == "Claim A" and positions == [("Claim B", "Against the motion.")] and arguments == []
    assert "“Claim A” is a root; it also attacks “Claim B”." in report
    assert "cycle that never reaches a root claim: “Claim A” → “Claim B” → “Claim A”" in report


def test_it_imports_a_cycle_of_three_claims_the_same_way_every_time(db):
    cycle = aif_map(("B", "RA", "C"), ("C", "RA", "A"), ("A", "RA", "B"), ("D", "CA", "B"))
    first = imported_tree(cycle)
    assert first == imported_tree(cycle)
    motion, positions, arguments, report = first
    assert motion == "Claim A" and positions == [("Claim C", "")]
    assert arguments == [("Claim B", "Claim C", "for"), ("Claim D", "Claim B", "against")]
    assert "“Claim A” is a root; it also supports “Claim B”." in report


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: b"{not json", "not JSON"),
        (lambda: b"\xff\xfe", "not UTF-8"),
        (lambda: "[1, 2]", "JSON object"),
        (lambda: {"edges": []}, "no “nodes” list"),
        (lambda: {"nodes": [{"nodeID": "1", "text": "A", "type": "I"}]}, "no “edges” list"),
        (lambda: {"nodes": {"1": {}}, "edges": []}, "“nodes” must be a list"),
        (lambda: {"nodes": [{"nodeID": None, "text": "A", "type": "I"}], "edges": []}, "string or a number"),
        (lambda: {"nodes": [{"nodeID": "1", "text": "A", "type": 3}], "edges": []}, "“type” must be a string"),
        (lambda: {**aif_map(("A", "RA", "B")), "edges": [{"fromID": "A", "toID": "Z"}]}, "does not define"),
        (lambda: {"nodes": [], "edges": []}, "no I-nodes"),
        (misquoted_export, "Not verbatim"),
        (lambda: {**aif_map(("A", "RA", "B")), "debate_site": {"version": 9}}, "version 9"),
    ],
)
def test_it_refuses_a_malformed_map_and_changes_nothing(small_debate, make, message):
    before = counts()
    with pytest.raises(InterchangeError, match=message):
        import_aif(make())
    assert counts() == before


# -- Argdown -----------------------------------------------------------------------


def argdown_json(tmp_path, text):
    """What Argdown's own parser makes of ``text``, or a skip (a failure in CI) without Node."""
    if not (shutil.which("node") and ARGDOWN.exists()):
        message = "Node and node_modules/.bin/argdown are needed: run `npm install` (installs @argdown/cli)"
        if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
            pytest.fail(f"{message} (REQUIRE_BROWSER_TESTS=1 makes a missing tool a failure)", pytrace=False)
        pytest.skip(message)
    source = tmp_path / "debate.argdown"
    source.write_text(text, encoding="utf-8")
    result = subprocess.run(
        [str(ARGDOWN), "json", str(source), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0 and "syntax error" not in output.lower(), output
    return json.loads((tmp_path / "out" / "debate.json").read_text(encoding="utf-8"))


def test_it_exports_argdown_that_argdowns_own_parser_reads(seeded, client, tmp_path):
    debate = seeded_debate()
    response = client.get(f"/debates/{debate.slug}/export/argdown/")
    parsed = argdown_json(tmp_path, response.content.decode("utf-8"))
    arguments = Argument.objects.readable().filter(position__debate=debate)
    assert len(parsed["arguments"]) == arguments.count()
    titles = {m.get("text") for statement in parsed["statements"].values() for m in statement["members"]} - {None}
    assert titles == {debate.motion, *debate.positions.values_list("title", flat=True)}
    assert len(parsed["relations"]) == arguments.count() + debate.positions.count()
    gallaher = next(a for a in parsed["arguments"].values() if "carolyn-gallaher" in a.get("tags", []))
    assert "Carolyn Gallaher: “" in gallaher["members"][0]["text"]


def test_it_escapes_any_user_text_in_argdown(db, client, tmp_path):
    hostile = "Claim [x] <y> #tag // no comment /* nor */ **bold** _u_ @[m] {a: b} :smile: U.S. 3.5 \\ end\n\n+ <Z>: no"
    debate = make_debate(motion="Motion with [brackets] and <angles> #tags")
    position = make_position(debate, title="Position // with /* comment */ marks")
    argument = make_argument(position, text=hostile)
    make_argument(parent=argument, stance="against", text="<Reply>: - attack\n  + support")
    parsed = argdown_json(tmp_path, client.get(f"/debates/{debate.slug}/export/argdown/").content.decode())
    texts = [member["text"] for item in parsed["arguments"].values() for member in item["members"]]
    assert sorted(texts) == sorted([" ".join(hostile.split()), "<Reply>: - attack + support"])
    statements = {m.get("text") for s in parsed["statements"].values() for m in s["members"]} - {None}
    assert statements == {debate.motion, position.title}
    assert escape("U.S. 1.6 million: a:b: c") == "U\\.S. 1.6 million: a\\:b: c"


def test_it_exports_a_deep_thread_in_argdown_that_grows_with_its_length_not_its_square(db, tmp_path):
    def exported(depth):
        generate_debate(arguments=depth, depth=depth, speakers=1, sources=1, evidence=1, seed=1, slug=f"deep-{depth}")
        return export_argdown(Debate.objects.get(slug=f"deep-{depth}"))

    shallow, deep = exported(250), exported(1000)
    # Four times the arguments, about four times the text; indenting every level would make it sixteen.
    assert len(deep) < 5 * len(shallow)
    assert max(len(line) - len(line.lstrip(" ")) for line in deep.splitlines()) <= 2 * MAX_NESTING
    parsed = argdown_json(tmp_path, exported(30))
    answered = {(r["from"].split()[0], r["to"].split()[0]) for r in parsed["relations"] if r["to"] != "Motion"}
    arguments = Argument.objects.filter(position__debate__slug="deep-30")
    assert answered == {(f"A{a.pk}", f"A{a.parent_id}" if a.parent_id else f"P{a.position_id}") for a in arguments}


# -- Evidence cards ----------------------------------------------------------------

# What can be stored on both databases (PostgreSQL refuses NUL, neither stores a lone surrogate).
CONTROLS = "".join(chr(code) for code in range(1, 32) if chr(code) not in "\t\n\r") + "\x7f\ufffe\uffff"


@pytest.fixture
def debate_with_control_characters(db):
    debate = make_debate(motion=f"Motion\x0bwith a line break {CONTROLS}")
    position = make_position(debate, title=f"Position {CONTROLS}")
    speaker = make_speaker(f"Ada\x0cLovelace {CONTROLS}", role=f"Analyst{CONTROLS}")
    source = make_source(f"Before.\nShe said: Word's\x0bline break {CONTROLS} ends here.\nAfter.", title=f"T{CONTROLS}")
    evidence = make_evidence(source, quote=f"Word's\x0bline break {CONTROLS} ends here", speaker=speaker)
    make_argument(position, text=f"Claim\x0b{CONTROLS} end", speaker=speaker, evidence=[evidence])
    return debate


def test_it_exports_every_format_whatever_text_is_stored(debate_with_control_characters, client, tmp_path):
    debate = debate_with_control_characters
    downloads = {name: client.get(f"/debates/{debate.slug}/export/{name}/") for name in EXPORTS}
    assert {name: response.status_code for name, response in downloads.items()} == dict.fromkeys(EXPORTS, 200)
    cards = Document(io.BytesIO(downloads["cards-docx"].content))
    quoted = [run.text for p in cards.paragraphs for run in p.runs if run.style.name == "Style Underline"]
    # Word's own line break (and a form feed) break the line; what XML cannot hold is left out; DEL is allowed.
    assert quoted == ["Word's\nline break \n\n\x7f ends here"]
    assert cards.paragraphs[0].text == "Motion\nwith a line break \n\n\x7f"
    assert f"[[Word's\x0bline break {CONTROLS} ends here]]" in downloads["cards-txt"].content.decode()
    aif = json.loads(downloads["aif"].content)
    assert f"Claim\x0b{CONTROLS} end" in {node["text"] for node in aif["nodes"]}
    parsed = argdown_json(tmp_path, downloads["argdown"].content.decode())
    assert [m["text"] for a in parsed["arguments"].values() for m in a["members"]][0].startswith("Claim end (argued by")


# -- Site addresses, commands, API -------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content_type", "filename"),
    [
        ("aif", "application/json; charset=utf-8", f"{SEED_SLUG}.aif.json"),
        ("argdown", "text/plain; charset=utf-8", f"{SEED_SLUG}.argdown"),
        (
            "cards-docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            f"{SEED_SLUG}-cards.docx",
        ),
        ("cards-txt", "text/plain; charset=utf-8", f"{SEED_SLUG}-cards.txt"),
    ],
)
def test_it_serves_each_export_as_a_download(seeded, client, name, content_type, filename):
    response = client.get(export_urls(seeded_debate())[name.replace("-", "_")])
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'


def test_it_hides_drafts_from_exports(db, client):
    draft = make_debate(status=Status.DRAFT)
    assert client.get(f"/debates/{draft.slug}/export/aif/").status_code == 404
    debate = make_debate()
    hidden = make_position(debate, status=Status.DRAFT)
    assert client.get(f"/debates/{debate.slug}/positions/{hidden.slug}/export/cards-txt/").status_code == 404
    shown = make_position(debate)
    make_argument(shown, text="Published claim.")
    make_argument(shown, text="Draft claim.", status=Status.DRAFT)
    make_argument(hidden, text="Claim in a draft position.")
    body = client.get(f"/debates/{debate.slug}/export/aif/").content.decode()
    assert "Published claim." in body and "Draft claim." not in body and "draft position" not in body
    assert client.get(f"/debates/{debate.slug}/export/pdf/").status_code == 404


def test_it_links_the_downloads_from_the_debate_and_position_pages(seeded, client):
    debate = seeded_debate()
    page = client.get(debate.get_absolute_url()).content.decode()
    for path in export_urls(debate).values():
        assert f'href="{path}"' in page
    position = debate.positions.order_by("order").first()
    page = client.get(position.get_absolute_url()).content.decode()
    for name in ("cards-docx", "cards-txt"):
        assert f'href="/debates/{debate.slug}/positions/{position.slug}/export/{name}/"' in page


def test_it_names_the_export_paths_for_the_api(seeded):
    assert export_urls(seeded_debate()) == {
        "aif": f"/debates/{SEED_SLUG}/export/aif/",
        "argdown": f"/debates/{SEED_SLUG}/export/argdown/",
        "cards_docx": f"/debates/{SEED_SLUG}/export/cards-docx/",
        "cards_txt": f"/debates/{SEED_SLUG}/export/cards-txt/",
    }


def test_it_exports_and_imports_from_the_command_line(seeded, tmp_path):
    target = tmp_path / "debate.json"
    call_command("export_debate", SEED_SLUG, "--format", "aif", "-o", str(target), stderr=io.StringIO())
    out = io.StringIO()
    call_command("import_debate", str(target), "--format", "aif", "--copy", stdout=out)
    assert f"/debates/{SEED_SLUG}-copy/" in out.getvalue() and "Created: 1 debate, 3 positions" in out.getvalue()
    text = io.StringIO()
    call_command("export_debate", SEED_SLUG, "--format", "cards-txt", stdout=text)
    assert text.getvalue().startswith(f"# {seeded_debate().motion}")
    with pytest.raises(CommandError, match="-o FILE"):
        call_command("export_debate", SEED_SLUG, "--format", "cards-docx", stdout=io.StringIO())
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_debate", str(DATA / "missing.json"), stdout=io.StringIO())
    target.write_text("{}", encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_debate", str(target), stdout=io.StringIO())


def test_it_exports_drafts_from_the_command_line_only_when_asked(db):
    debate = make_debate(status=Status.DRAFT)
    with pytest.raises(CommandError, match="not published"):
        call_command("export_debate", debate.slug, "--format", "argdown", stdout=io.StringIO())
    out = io.StringIO()
    call_command("export_debate", debate.slug, "--format", "argdown", "--include-unpublished", stdout=out)
    assert debate.motion in out.getvalue()


# -- Backup and restore ------------------------------------------------------------


def empty_the_database():
    """Delete every row a backup holds; deleting content writes history, so go round until none is left."""
    for _ in range(3):
        for model in reversed(backup_models()):
            if model is not Group:
                model._base_manager.all().delete()
    assert not occupied()


@pytest.fixture
def site_with_people(seeded):
    moderators = Group.objects.get_or_create(name="moderators")[0]
    moderator = User.objects.create_user("mod", password="a long moderator password")
    moderator.groups.add(moderators)
    student = User.objects.create_user("student", password="a long student password")
    issue_api_token(user=moderator)
    argument = Argument.objects.order_by("id").first()
    argument.text = "A moderator rewrote this claim."
    argument.save()
    Proposal.objects.create(
        kind="argument", position=argument.position, parent=argument, stance="against", text="No.", author=student
    )
    Flag.objects.create(argument=argument, reason="other", comment="Check this.", author=student)


def test_it_restores_a_backup_byte_for_byte(site_with_people):
    first = backup()
    versions = Argument.objects.get(text="A moderator rewrote this claim.").history.count()
    empty_the_database()
    loaded = restore(first)
    assert loaded["arguments.Argument"] == 42
    assert backup() == first
    assert authenticate(username="mod", password="a long moderator password") is not None
    assert User.objects.get(username="mod").groups.filter(name="moderators").exists()
    argument = Argument.objects.get(text="A moderator rewrote this claim.")
    assert argument.history.count() == versions > 1 and Proposal.objects.get().parent == argument
    # Search indexes follow raw inserts: triggers on SQLite, generated columns on PostgreSQL.
    assert any(hit.kind == "argument" for hit in search("moderator rewrote"))
    assert any(hit.kind == "evidence" for hit in search("satchel charge"))
    # Sequences moved past the restored ids: new rows do not collide.
    make_argument(argument.position, text="Added after the restore.")


def test_it_leaves_credentials_out_of_a_backup(site_with_people, client):
    client.force_login(User.objects.get(username="mod"))
    token, key = issue_api_token(user=User.objects.get(username="mod"))
    document = backup()
    models = {row["model"] for row in json.loads(document)["objects"]}
    assert not {model for model in models if model.split(".")[0] in {"authtoken", "knox", "sessions"}}
    assert "accounts.apitoken" not in models
    assert key not in document and token.digest not in document and client.session.session_key not in document
    # Password hashes stay: a restored site keeps its accounts.
    assert User.objects.get(username="mod").password in document


def test_it_restores_an_older_backup_without_its_api_tokens(site_with_people):
    older = json.loads(backup())
    user = next(row for row in older["objects"] if row["model"] == "auth.user")
    older["objects"].append(
        {"model": "authtoken.token", "pk": "0" * 40, "fields": {"user": user["fields"]["username"]}}
    )
    empty_the_database()
    restore(json.dumps(older))
    assert User.objects.filter(username=user["fields"]["username"]).exists() and not ApiToken.objects.exists()


def _edit_until(stop, edits):
    """Another editor, on its own database connection: cite new evidence, reply, delete what it made."""
    source = Source.objects.order_by("id").first()
    position = Position.objects.order_by("id").first()
    made = []
    try:
        while not stop.is_set():
            try:
                with transaction.atomic():
                    start = len(made) % 50 * 10
                    evidence = make_evidence(source, quote=source.text[start : start + 30])
                    argument = make_argument(position, evidence=[evidence])
                    make_argument(parent=argument, stance="against", evidence=[evidence])
                    made.append((argument.pk, evidence.pk))
                if len(made) > 3:
                    with transaction.atomic():
                        argument_id, evidence_id = made[-4]
                        Argument.objects.filter(pk=argument_id).delete()
                        Evidence.objects.filter(pk=evidence_id).delete()
                edits.append(len(made))
            except OperationalError:  # SQLite without write-ahead logging may refuse a writer while the backup reads
                time.sleep(0.005)
    finally:
        connection.close()


def _backup_beside_a_writer():
    """A backup; should SQLite refuse to read while a writer holds the database (an in-memory database
    does), the failed backup's transaction is gone, so take it again."""
    for _ in range(100):
        try:
            return backup()
        except OperationalError:
            assert connection.vendor == "sqlite"
            time.sleep(0.005)
    pytest.fail("the backup never got to read")


def _wait_for(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the editor made no progress"
        time.sleep(0.005)


@pytest.mark.django_db(transaction=True)
def test_it_takes_a_backup_that_restores_while_people_edit(seeded):
    stop, edits = threading.Event(), []
    editor = threading.Thread(target=_edit_until, args=(stop, edits))
    editor.start()
    try:
        _wait_for(lambda: len(edits) >= 2)
        document = _backup_beside_a_writer()
        edited = len(edits)
        _wait_for(lambda: len(edits) > edited + 1)  # the editor was still at work when the backup ended
    finally:
        stop.set()
        editor.join()
    backed_up = sum(row["model"] == "arguments.argument" for row in json.loads(document)["objects"])
    empty_the_database()
    loaded = restore(document)  # foreign keys and the verbatim check pass
    assert loaded["arguments.Argument"] == backed_up == Argument.objects.count() > 42


def test_it_refuses_to_restore_into_a_database_with_content(seeded):
    document = backup()
    before = counts()
    with pytest.raises(InterchangeError, match="empty database"):
        restore(document)
    assert counts() == before


def corrupt(document, model, change):
    data = json.loads(document)
    row = next(row for row in data["objects"] if row["model"] == model)
    change(row["fields"])
    return json.dumps(data)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda document: document[:-20], "not JSON"),
        (lambda document: json.dumps({"format": "other"}), "not a backup"),
        (lambda document: document.replace('"model": "sources.source"', '"model": "sessions.session"'), "unknown"),
        (lambda d: corrupt(d, "sources.evidence", lambda f: f.update(quote=f["quote"] + "!")), "not verbatim"),
        (lambda d: corrupt(d, "sources.evidence", lambda f: f.update(source=999999)), "cannot be loaded"),
        (lambda d: corrupt(d, "arguments.argument", lambda f: f.update(stance=["for"])), "cannot be loaded"),
    ],
)
def test_it_leaves_the_database_unchanged_when_a_backup_is_malformed(small_debate, damage, message):
    document = backup()
    empty_the_database()
    with pytest.raises(InterchangeError, match=message):
        restore(damage(document))
    assert not occupied()


def test_it_backs_up_and_restores_from_the_command_line(seeded, tmp_path):
    target = tmp_path / "backup.json"
    call_command("backup", "-o", str(target), stderr=io.StringIO())
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # it holds password hashes
    target.chmod(0o644)
    call_command("backup", "-o", str(target), stderr=io.StringIO())
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with pytest.raises(CommandError, match="empty database"):
        call_command("restore", str(target), stdout=io.StringIO())
    empty_the_database()
    out = io.StringIO()
    call_command("restore", str(target), stdout=out)
    assert "Restored" in out.getvalue() and Argument.objects.count() == 42


def test_it_keeps_speakers_of_a_position_in_the_backup(small_debate):
    position = Position.objects.get()
    position.holders.add(Speaker.objects.get())
    document = backup()
    empty_the_database()
    restore(document)
    assert list(Position.objects.get().holders.values_list("name", flat=True)) == ["Ada Lovelace"]
    assert Argument.objects.get().evidence.get().speaker.name == "Ada Lovelace"


# -- Upload on the site ------------------------------------------------------------


@pytest.fixture
def moderator_client(client, db):
    moderator = User.objects.create_user("mod", password="a long moderator password")
    moderator.groups.add(Group.objects.get_or_create(name="moderators")[0])
    client.force_login(moderator)
    return client


def upload(client, name, content):
    return client.post("/moderate/import/aif/", {"file": SimpleUploadedFile(name, content)})


def test_it_lets_moderators_upload_an_argument_map(moderator_client):
    assert moderator_client.get("/moderate/import/aif/").status_code == 200
    response = upload(moderator_client, "map.json", (DATA / "ova_votes_at_sixteen.json").read_bytes())
    assert response.status_code == 200
    debate = Debate.objects.get()
    page = response.content.decode()
    assert "Import report" in page and "dialogue transition (TA)" in page
    assert f"/moderate/debates/{debate.pk}/edit/" in page


def test_it_refuses_uploads_that_are_too_big_or_malformed(moderator_client):
    response = upload(moderator_client, "big.json", b" " * (2 * 1024 * 1024 + 1))
    assert response.status_code == 400
    assert "The file is 2,097,153 bytes; an argument map may be at most 2 MB" in response.content.decode()
    claims = [{"nodeID": str(n), "text": f"Claim {n}", "type": "I"} for n in range(MAX_CLAIMS + 1)]
    response = upload(moderator_client, "huge.json", json.dumps({"nodes": claims, "edges": []}).encode())
    assert response.status_code == 400
    assert "Nothing was imported: The map has 1,001 claims" in response.content.decode()
    assert "at most 1,000 claims" in response.content.decode()
    assert not Debate.objects.exists()


def test_it_keeps_the_upload_to_moderators(client, db):
    data = (DATA / "ova_votes_at_sixteen.json").read_bytes()
    assert upload(client, "map.json", data)["Location"].startswith("/accounts/login/")
    client.force_login(User.objects.create_user("student", password="a long student password"))
    assert upload(client, "map.json", data).status_code == 403
    assert not Debate.objects.exists()
