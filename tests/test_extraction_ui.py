"""Moderators import an article, review the extractor's proposals and save the accepted ones as evidence."""

import html
import json
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from debate.core.models import Status
from debate.extraction.models import Decision, ExtractionProposal
from debate.sources.models import Evidence, Source, Speaker

from .factories import make_source, make_speaker

pytestmark = pytest.mark.django_db

ARTICLES = Path(__file__).parent / "extraction_articles"
CBS = (ARTICLES / "cbs_central_islip.txt").read_text(encoding="utf-8")
SEED = (ARTICLES / "seed_article.txt").read_text(encoding="utf-8")
IMPORT = "/moderate/articles/import/"
TWO_MB = 2 * 1024 * 1024


@pytest.fixture
def moderator(db):
    user = User.objects.create_user("mona", password="a-Strong-passw0rd!")
    user.groups.add(Group.objects.get_or_create(name="moderators")[0])
    return user


@pytest.fixture
def staff(client, moderator):
    client.force_login(moderator)
    return client


def saved_page(text, title="Family members ID teens found dead in suburban NY park", charset="utf-8"):
    """The article as a browser saves it: navigation, an advertisement, related links, comments, a footer."""
    paragraphs = [html.escape(p, quote=False) for p in text.split("\n") if p.strip()]
    body = []
    for i, paragraph in enumerate(paragraphs):
        body.append(f"<p>{paragraph}</p>")
        if i == 2:
            body.append('<div class="ad"><span>Advertisement</span><iframe src="/ad"></iframe></div>')
        if i == 4:
            body.append(
                '<aside><h3>Related Stories</h3><ul><li><a href="/a">Another story entirely</a></li></ul></aside>'
            )
    return (
        f'<!doctype html><html lang="en"><head><meta charset="{charset}"><title>{html.escape(title)} | News</title>'
        f'<meta property="og:title" content="{html.escape(title)}"><meta name="author" content="Jane Reporter">'
        "<script>window.dataLayer = [];</script></head><body>"
        '<div id="cookie">We use cookies to improve your experience. <button>Accept</button></div>'
        '<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/login">Sign in</a></nav></header>'
        f'<main><article><h1>{html.escape(title)}</h1><p class="byline">By Jane Reporter</p>{"".join(body)}</article>'
        '<section id="comments"><h2>Comments</h2><div class="comment"><p>Great article. '
        "“Nobody in the story said this sentence at all,” wrote a reader.</p></div></section></main>"
        '<footer><a href="/privacy">Privacy Policy</a><p>© 2024 Example Media. All rights reserved.</p></footer>'
        "</body></html>"
    )


def upload(name, data):
    return SimpleUploadedFile(name, data)


def post_import(client, **fields):
    fields.setdefault("title", "Family members ID teens found dead")
    return client.post(IMPORT, fields)


def created_nothing():
    return not Source.objects.exists() and not ExtractionProposal.objects.exists() and not Evidence.objects.exists()


def import_cbs(client, **fields):
    response = post_import(client, text=CBS, **fields)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Source.objects.get(title=fields.get("title", "Family members ID teens found dead"))


# Importing ------------------------------------------------------------------


def test_it_imports_pasted_text_as_a_draft_with_its_proposals(staff):
    response = post_import(staff, text=CBS.replace("\n", "\r\n"), publication="CBS News", byline="")
    source = Source.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/moderate/articles/{source.pk}/"
    assert source.text == CBS  # verbatim, browser newlines normalised
    assert source.status == Status.DRAFT and source.publication == "CBS News"
    proposals = list(source.extraction_proposals.all())
    assert [p.speaker_name for p in proposals] == ["William Tigre", "William Tigre", "Yency Fuentes", "Yency Fuentes"]
    assert all(source.text[p.start : p.end] == p.quote for p in proposals)
    assert {p.decision for p in proposals} == {Decision.PENDING}
    assert not Evidence.objects.exists() and not Speaker.objects.exists()


def test_it_imports_a_text_file(staff):
    data = ("\ufeff" + CBS.replace("\n", "\r\n")).encode("utf-8")
    response = post_import(staff, file=upload("article.txt", data))
    assert response.status_code == 302
    assert Source.objects.get().text == CBS  # byte-order mark dropped, newlines normalised
    assert ExtractionProposal.objects.count() == 4


def test_it_imports_only_the_main_text_of_a_saved_page(staff):
    response = post_import(staff, title="", file=upload("story.html", saved_page(CBS).encode("utf-8")))
    assert response.status_code == 302
    source = Source.objects.get()
    for paragraph in CBS.split("\n"):
        assert paragraph.strip() in source.text
    for chrome in ("Advertisement", "Related Stories", "Sign in", "cookies", "Nobody in the story", "Privacy", "©"):
        assert chrome not in source.text
    assert not source.text.startswith("Family members ID")  # the headline is the title, not the text
    assert source.title == "Family members ID teens found dead in suburban NY park"
    assert source.byline == "Jane Reporter"
    assert source.published_on is None  # never guessed from the page's copyright line
    assert [p.speaker_name for p in source.extraction_proposals.all()] == [
        "William Tigre", "William Tigre", "Yency Fuentes", "Yency Fuentes",
    ]  # fmt: skip


def test_it_reads_a_page_in_the_character_set_it_declares(staff):
    page = saved_page(CBS, charset="windows-1252").replace("—", "-").encode("cp1252")
    response = post_import(staff, file=upload("story.htm", page))
    assert response.status_code == 302
    assert "“Obviously, we’re hurt." in Source.objects.get().text


def test_it_refuses_the_same_article_twice_and_links_to_the_first(staff):
    first = import_cbs(staff)
    response = post_import(staff, title="Again", file=upload("again.txt", (CBS + "\n").encode("utf-8")))
    page = response.content.decode()
    assert response.status_code == 200
    assert "already on the site; nothing was added" in page
    assert f'href="/moderate/articles/{first.pk}/"' in page
    assert Source.objects.count() == 1 and ExtractionProposal.objects.count() == 4


def test_it_refuses_an_article_already_on_the_site_by_other_means(staff):
    existing = make_source(text=CBS, title="Entered by hand")
    response = post_import(staff, text=CBS)
    assert "already on the site; nothing was added" in response.content.decode()
    assert list(Source.objects.all()) == [existing]


HEADLINES = "<html><body>" + "".join(f"<h2><a href='/{n}'>Story {n} headline here</a></h2>" for n in range(5))
BAD_INPUTS = {
    "empty paste": ({"text": ""}, "Paste the article"),
    "blank paste": ({"text": "  \r\n \n"}, "The pasted text is empty"),
    "empty file": ({"file": ("a.txt", b"")}, "empty"),
    "blank file": ({"file": ("a.txt", b"\n\n  \n")}, "The file is empty"),
    "binary file": ({"file": ("a.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")}, "binary data"),
    "UTF-16 file": ({"file": ("a.txt", "“Hello there, all of you,” she said.".encode("utf-16"))}, "UTF-16"),
    "Latin-1 file": ({"file": ("a.txt", "“Caf\u00e9 society is over,” she said.".encode("cp1252"))}, "not UTF-8"),
    "page without charset": (
        {"file": ("a.html", saved_page(CBS).replace('<meta charset="utf-8">', "").encode("cp1252", "replace"))},
        "does not say which character set",
    ),
    "page with unknown charset": (
        {"file": ("a.html", saved_page(CBS, charset="klingon-8").encode("cp1252", "replace"))},
        "does not know",
    ),
    "page without text": (
        {"file": ("a.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>")},
        "No article text was found",
    ),
    "page of headlines": ({"file": ("a.html", HEADLINES.encode())}, "No article text was found"),
    "other kind of file": ({"file": ("a.pdf", b"%PDF-1.7 some text here")}, "Upload a plain-text file"),
    "too large paste": ({"text": "x" * (TWO_MB + 1)}, "at most 2 MB"),
    "too large file": ({"file": ("a.txt", b"word " * (TWO_MB // 5 + 1))}, "at most 2 MB"),
    "text and file": ({"text": CBS, "file": ("a.txt", CBS.encode())}, "not both"),
    "no title": ({"text": CBS, "title": ""}, "Give the article"),
    "bad address": ({"text": CBS, "url": "not an address"}, "Enter a valid URL"),
}


@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_it_explains_bad_input_and_imports_nothing(staff, case):
    fields, message = BAD_INPUTS[case]
    if "file" in fields:
        fields = {**fields, "file": upload(*fields["file"])}
    response = post_import(staff, **fields)
    assert response.status_code == 200
    assert html.escape(message, quote=True) in response.content.decode()
    assert created_nothing()


def test_it_does_not_send_a_refused_huge_paste_back(staff):
    response = post_import(staff, text="x" * (TWO_MB + 1))
    assert "x" * 1000 not in response.content.decode()


def test_it_answers_a_request_too_large_for_any_form_with_its_own_page(staff):
    response = post_import(staff, text="x" * (5 * 1024 * 1024))
    page = response.content.decode()
    assert response.status_code == 413
    assert "at most 2 MB" in page and "nothing was saved" in page and "Policy Debate" in page
    assert created_nothing()


# Reviewing ------------------------------------------------------------------


def test_it_shows_the_article_with_every_proposal_highlighted_beside_the_list(staff):
    source = import_cbs(staff)
    page = staff.get(f"/moderate/articles/{source.pk}/").content.decode()
    for proposal in source.extraction_proposals.all():
        assert f'id="passage-{proposal.pk}"' in page and f'href="#proposal-{proposal.pk}"' in page
        assert f'id="proposal-{proposal.pk}"' in page
        assert html.escape(proposal.quote, quote=True) in page
    assert "Yency Fuentes</strong>" not in page and "Yency Fuentes <strong>(new speaker)</strong>" in page
    assert "cousin of Villalobos" in page and "<dd>said</dd>" in page
    assert "Accept all 2 remaining from William Tigre" in page


def test_it_escapes_what_the_article_says(staff):
    text = "<script>alert(1)</script> rose.\n“We will <b>never</b> give up on this,” said Dr. Ana <i>Ruiz</i>."
    response = post_import(staff, text=text, title="<em>Title</em>")
    page = staff.get(response["Location"]).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
    assert "<b>never</b>" not in page and "<em>Title</em>" not in page


def test_it_matches_speakers_already_on_the_site(staff):
    tigre = make_speaker("William Tigre")
    source = import_cbs(staff)
    speakers = [p.speaker for p in source.extraction_proposals.all()]
    assert speakers == [tigre, tigre, None, None]
    assert "(already on the site)" in staff.get(f"/moderate/articles/{source.pk}/").content.decode()


def test_it_keeps_the_review_page_queries_flat(staff, django_assert_max_num_queries):
    small = import_cbs(staff)
    response = post_import(staff, text=SEED, title="Seed article")
    assert response.status_code == 302
    large = Source.objects.get(title="Seed article")
    assert large.extraction_proposals.count() > 4 * small.extraction_proposals.count()
    with CaptureQueriesContext(connection) as few:
        staff.get(f"/moderate/articles/{small.pk}/")
    with django_assert_max_num_queries(len(few)):
        assert staff.get(f"/moderate/articles/{large.pk}/").status_code == 200


def test_it_lists_imported_articles_to_come_back_to(staff):
    source = import_cbs(staff)
    page = staff.get("/moderate/articles/").content.decode()
    assert f'href="/moderate/articles/{source.pk}/"' in page and "4 of 4 proposals undecided" in page
    assert 'href="/moderate/articles/import/"' in staff.get("/moderate/").content.decode()


# Deciding -------------------------------------------------------------------


def decide(client, proposal, action):
    return client.post(f"/moderate/articles/proposals/{proposal.pk}/decide/", {"action": action})


def test_it_accepts_rejects_and_reconsiders_a_proposal(staff):
    first, second, *_ = import_cbs(staff).extraction_proposals.all()
    response = decide(staff, first, "accept")
    assert response.status_code == 302 and response["Location"].endswith(f"#proposal-{first.pk}")
    decide(staff, second, "reject")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.decision, second.decision) == (Decision.ACCEPTED, Decision.REJECTED)
    decide(staff, second, "reconsider")
    second.refresh_from_db()
    assert second.decision == Decision.PENDING
    assert not Evidence.objects.exists()


def test_it_will_not_accept_a_quote_nobody_said(staff):
    source = make_source(text="“This sentence has no speaker at all,” the note read.\n", status=Status.DRAFT)
    proposal = ExtractionProposal.objects.create(source=source, start=1, end=36, quote=source.text[1:36])
    response = decide(staff, proposal, "accept")
    proposal.refresh_from_db()
    assert proposal.decision == Decision.PENDING
    assert "needs its speaker" in staff.get(response["Location"]).content.decode()


def test_it_accepts_every_remaining_proposal_of_one_speaker(staff):
    source = import_cbs(staff)
    tigre = source.extraction_proposals.filter(speaker_name="William Tigre").first()
    response = staff.post(f"/moderate/articles/proposals/{tigre.pk}/accept-speaker/")
    assert response.status_code == 302
    decisions = dict(source.extraction_proposals.values_list("speaker_name", "decision").distinct())
    assert decisions == {"William Tigre": Decision.ACCEPTED, "Yency Fuentes": Decision.PENDING}


def edit_url(proposal):
    return f"/moderate/articles/proposals/{proposal.pk}/edit/"


def edit_fields(proposal, **changes):
    fields = {
        "quote": proposal.quote, "start": proposal.start, "end": proposal.end, "kind": proposal.kind,
        "speaker": proposal.speaker_id or "", "speaker_name": proposal.speaker_name, "role": proposal.role,
        "affiliation": proposal.affiliation,
    }  # fmt: skip
    return {**fields, **changes}


def test_it_edits_the_span_by_retyping_the_quote(staff):
    proposal = import_cbs(staff).extraction_proposals.get(quote__startswith="He just said")
    assert staff.get(edit_url(proposal)).status_code == 200
    response = staff.post(edit_url(proposal), edit_fields(proposal, quote="That’s the only thing he said."))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.source.text[proposal.start : proposal.end] == proposal.quote == "That’s the only thing he said."
    assert proposal.decision == Decision.ACCEPTED


def test_it_edits_the_span_by_offsets(staff):
    proposal = import_cbs(staff).extraction_proposals.get(quote__startswith="He just said")
    staff.post(edit_url(proposal), edit_fields(proposal, start=proposal.start, end=proposal.start + 12))
    proposal.refresh_from_db()
    assert proposal.quote == "He just said"


def test_it_refuses_an_edit_that_misquotes_the_article(staff):
    proposal = import_cbs(staff).extraction_proposals.get(quote__startswith="He just said")
    before = (proposal.start, proposal.end, proposal.quote, proposal.decision)
    for change in (
        {"quote": "He just said he saw nothing."},  # not in the article
        {"quote": "He said", "start": proposal.start, "end": proposal.start + 3},  # both changed, disagreeing
        {"start": proposal.start, "end": len(proposal.source.text) + 5},  # past the end
    ):
        response = staff.post(edit_url(proposal), edit_fields(proposal, **change))
        assert response.status_code == 200, change
        assert "errorlist" in response.content.decode()
        proposal.refresh_from_db()
        assert (proposal.start, proposal.end, proposal.quote, proposal.decision) == before


def test_it_asks_for_offsets_when_a_retyped_quote_occurs_twice_in_the_proposal(staff):
    post_import(staff, text="“We will win, we will win, we will win this fight,” said Ann Lee.", title="Twice")
    proposal = ExtractionProposal.objects.get()
    response = staff.post(edit_url(proposal), edit_fields(proposal, quote="we will win"))
    assert "occurs 2 times (at characters 14, 27)" in response.content.decode()
    response = staff.post(edit_url(proposal), edit_fields(proposal, quote="this fight"))
    proposal.refresh_from_db()
    assert (proposal.start, proposal.quote) == (39, "this fight")


def test_it_edits_the_speaker_and_kind(staff):
    official = make_speaker("Timothy Sini", role="Police Commissioner")
    proposal = import_cbs(staff).extraction_proposals.first()
    staff.post(edit_url(proposal), edit_fields(proposal, speaker=official.pk, kind="paraphrase"))
    proposal.refresh_from_db()
    assert (proposal.speaker, proposal.speaker_name, proposal.kind) == (official, "", "paraphrase")


def test_it_refuses_to_accept_a_quote_edited_to_have_no_speaker(staff):
    proposal = import_cbs(staff).extraction_proposals.first()
    response = staff.post(edit_url(proposal), edit_fields(proposal, speaker_name=""))
    assert "needs its speaker" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.speaker_name == "William Tigre" and proposal.decision == Decision.PENDING


# Saving ---------------------------------------------------------------------


def test_it_saves_only_what_was_accepted_as_verbatim_evidence(staff):
    source = import_cbs(staff)
    first, second, third, fourth = source.extraction_proposals.all()
    decide(staff, first, "accept")
    decide(staff, third, "reject")
    staff.post(
        edit_url(fourth),
        edit_fields(fourth, speaker_name="a friend who escaped", role="", affiliation="", is_anonymous="on"),
    )
    response = staff.post(f"/moderate/articles/{source.pk}/save/")
    assert response.status_code == 302
    evidence = list(Evidence.objects.order_by("start").select_related("speaker"))
    assert [e.quote for e in evidence] == [first.quote, fourth.quote]
    assert all(source.text[e.start : e.end] == e.quote for e in evidence)
    tigre, friend = (e.speaker for e in evidence)
    assert (tigre.name, tigre.is_anonymous, tigre.status) == ("William Tigre", False, Status.DRAFT)
    assert (friend.name, friend.is_anonymous) == ("a friend who escaped", True)
    assert Speaker.objects.count() == 2  # Yency Fuentes was never accepted
    decisions = list(source.extraction_proposals.values_list("decision", flat=True))
    assert decisions == [Decision.SAVED, Decision.PENDING, Decision.REJECTED, Decision.SAVED]
    second.refresh_from_db()
    assert second.speaker == tigre  # accepting it later reuses the speaker just created

    decide(staff, second, "accept")
    staff.post(f"/moderate/articles/{source.pk}/save/")
    assert Speaker.objects.filter(name="William Tigre").count() == 1
    assert Evidence.objects.filter(speaker=tigre).count() == 2


def test_it_creates_one_new_speaker_per_name_with_the_articles_credentials(staff):
    source = import_cbs(staff)
    fuentes = source.extraction_proposals.filter(speaker_name="Yency Fuentes").first()
    staff.post(f"/moderate/articles/proposals/{fuentes.pk}/accept-speaker/")
    staff.post(f"/moderate/articles/{source.pk}/save/")
    speaker = Speaker.objects.get()
    assert (speaker.name, speaker.role) == ("Yency Fuentes", "cousin of Villalobos")
    assert speaker.evidence.count() == 2


def test_it_saves_nothing_when_one_accepted_proposal_no_longer_fits(staff):
    source = import_cbs(staff)
    first, second, *_ = source.extraction_proposals.all()
    ExtractionProposal.objects.filter(pk__in=[first.pk, second.pk]).update(decision=Decision.ACCEPTED)
    ExtractionProposal.objects.filter(pk=second.pk).update(quote="words the article never had")
    response = staff.post(f"/moderate/articles/{source.pk}/save/")
    assert "Nothing was saved" in staff.get(response["Location"]).content.decode()
    assert not Evidence.objects.exists() and not Speaker.objects.exists()
    assert source.extraction_proposals.filter(decision=Decision.ACCEPTED).count() == 2


def test_it_publishes_the_article_with_the_speakers_it_brought(staff, client):
    source = import_cbs(staff)
    fuentes = source.extraction_proposals.filter(speaker_name="Yency Fuentes").first()
    staff.post(f"/moderate/articles/proposals/{fuentes.pk}/accept-speaker/")
    staff.post(f"/moderate/articles/{source.pk}/save/")
    staff.post(f"/moderate/articles/{source.pk}/publish/")
    source.refresh_from_db()
    assert source.status == Status.PUBLISHED
    assert Speaker.objects.get().status == Status.PUBLISHED
    client.logout()
    assert "Yency Fuentes" in client.get(source.get_absolute_url()).content.decode()


# Roles ----------------------------------------------------------------------


def extraction_addresses(source, proposal):
    return [
        ("get", "/moderate/articles/"),
        ("get", IMPORT),
        ("post", IMPORT),
        ("get", f"/moderate/articles/{source.pk}/"),
        ("post", f"/moderate/articles/{source.pk}/save/"),
        ("post", f"/moderate/articles/{source.pk}/publish/"),
        ("post", f"/moderate/articles/proposals/{proposal.pk}/decide/"),
        ("get", f"/moderate/articles/proposals/{proposal.pk}/edit/"),
        ("post", f"/moderate/articles/proposals/{proposal.pk}/edit/"),
        ("post", f"/moderate/articles/proposals/{proposal.pk}/accept-speaker/"),
        ("post", f"/moderate/articles/proposals/{proposal.pk}/rename-speaker/"),
        ("post", f"/moderate/articles/proposals/{proposal.pk}/merge-speaker/"),
    ]


def state():
    return (
        list(Source.objects.values_list("status", "version")),
        list(ExtractionProposal.objects.values_list("decision", "start", "end")),
        Evidence.objects.count(),
        Speaker.objects.count(),
    )


@pytest.mark.parametrize("who", ["anonymous", "student"])
def test_it_refuses_readers_and_students(client, staff, who):
    source = import_cbs(staff)
    proposal = source.extraction_proposals.first()
    ExtractionProposal.objects.update(decision=Decision.ACCEPTED)
    client.logout()
    if who == "student":
        client.force_login(User.objects.create_user("stu", password="a-Strong-passw0rd!"))
    before = state()
    for method, url in extraction_addresses(source, proposal):
        response = getattr(client, method)(url, {"action": "accept", "text": CBS + " more", "title": "x"})
        if who == "anonymous":
            assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url
        else:
            assert response.status_code == 403, url
    assert state() == before


# The command ----------------------------------------------------------------


def run_command(path):
    """The command's JSON, checking that it wrote nothing to the database."""
    out = StringIO()
    with CaptureQueriesContext(connection) as queries:
        call_command("propose_evidence", str(path), stdout=out)
    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in queries), queries
    return json.loads(out.getvalue())


def test_it_prints_proposals_as_json_with_offsets_into_the_file_as_read(tmp_path):
    make_speaker("William Tigre")
    path = tmp_path / "article.txt"
    path.write_bytes(("\ufeff" + CBS.replace("\n", "\r\n")).encode("utf-8"))
    proposals = run_command(path)
    with open(path, encoding="utf-8", newline="") as file:
        text = file.read()
    assert len(proposals) == 4
    for proposal in proposals:
        assert text[proposal["start"] : proposal["end"]] == proposal["quote"]
        assert {"quote", "start", "end", "speaker", "cue"} <= proposal.keys()
    assert proposals[0]["speaker"] == "William Tigre" and proposals[0]["cue"] == "said"
    assert proposals[0]["matched_speaker"] == "William Tigre"
    assert Source.objects.count() == 0 and ExtractionProposal.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "No such file"),
        (b"", "empty"),
        (b" \r\n\n", "empty"),
        (b"GIF89a\x00\x01\x00", "binary data"),
        ("“Caf\u00e9,” she said.".encode("cp1252"), "not UTF-8"),
        (b"a" * (TWO_MB + 1), "at most 2 MB"),
    ],
    ids=["missing", "empty", "blank", "binary", "not UTF-8", "too large"],
)
def test_it_refuses_files_it_cannot_read(tmp_path, content, message):
    path = tmp_path / "article.txt"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("propose_evidence", str(path))
