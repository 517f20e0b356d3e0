"""Input no honest client sends: every kind is refused with a clear 400 (or 413), never a 500, and stores nothing.

NUL characters matter most on PostgreSQL, which cannot store them (SQLite can): run this file on both.
"""

import json
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from debate.arguments.models import Argument, Debate
from debate.moderation.models import Flag, Proposal
from debate.sources.models import Source, Speaker

from .conftest import PASSWORD
from .factories import make_argument, make_debate, make_evidence, make_position, make_source, make_speaker

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"


def in_digits(number, zero):
    """``number`` written in another script's decimal digits, which ``int()`` reads as the same number."""
    return "".join(chr(ord(zero) + int(digit)) for digit in str(number))


ARABIC_INDIC, FULL_WIDTH = "\u0660", "\uff10"  # ٠ and ０


@pytest.fixture
def argument():
    return make_argument(evidence=[make_evidence()])


def api_as(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def post_json(client, url, body):
    return client.post(url, body, content_type="application/json")


# NUL characters and lone surrogates ------------------------------------------------


def reader_addresses(argument):
    position = argument.position
    return {
        "debate list": "/?x=%00",
        "search": "/search/?q=a%00b",
        "position page": f"{position.get_absolute_url()}?for=%00",
        "argument page": f"{argument.get_absolute_url()}?page=1%00",
        "source page": f"{argument.evidence.get().source.get_absolute_url()}?q=%00",
        "API list filter": "/api/v1/arguments/?stance=for%00",
        "API search": "/api/v1/evidence/?q=%00",
        "API parameter name": "/api/v1/speakers/?q%00=x",
    }


READER_PAGES = ["debate list", "search", "position page", "argument page", "source page"]
API_READS = ["API list filter", "API search", "API parameter name"]


@pytest.mark.parametrize("name", READER_PAGES + API_READS)
def test_it_refuses_a_nul_in_any_query_parameter(client, argument, name):
    response = client.get(reader_addresses(argument)[name])
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()
    if name.startswith("API"):
        assert "NUL character" in response.json()["detail"]


@pytest.mark.parametrize("url", ["/", "/api/v1/arguments/"])
def test_it_refuses_a_nul_in_a_cookie(client, url):
    # Django's cookie parser decodes the escape \000 in a quoted value; the session would be looked up with it.
    response = client.get(url, HTTP_COOKIE='sessionid="abcdefghij\\000klmnop"')
    assert response.status_code == 400
    page = response.json()["detail"] if url.startswith("/api/") else response.content.decode()
    assert "The cookie “sessionid” holds a NUL character" in page


def test_it_reads_percent_encoded_surrogates_as_replacement_characters(client, argument):
    # Django decodes the UTF-8 of a surrogate (%ED%A0%80), which is invalid, to U+FFFD: nothing to refuse.
    response = client.get("/search/?q=%ED%A0%80")
    assert response.status_code == 200
    assert "\ufffd" in response.content.decode()


def test_it_refuses_a_nul_in_the_login_form(client, bob):
    # Sent as a browser sends a login form (URL-encoded); the other forms here are multipart.
    body = urlencode({"username": "bob\x00", "password": PASSWORD})
    response = client.post("/accounts/login/", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()
    assert "_auth_user_id" not in client.session


def student_forms(argument):
    return {
        "argument proposal": (
            f"/propose/positions/{argument.position.pk}/",
            {"stance": "for", "text": "A fine\x00 claim."},
        ),
        "reply proposal": (f"/propose/arguments/{argument.pk}/reply/", {"stance": "against", "text": "No\x00."}),
        "flag": (f"/flag/arguments/{argument.pk}/", {"reason": "other", "comment": "Wrong\x00"}),
        "return address": (f"/flag/arguments/{argument.pk}/", {"reason": "other", "comment": "Wrong", "next": "/\x00"}),
    }


@pytest.mark.parametrize("name", ["argument proposal", "reply proposal", "flag", "return address"])
def test_it_refuses_a_nul_in_a_student_form_and_stores_nothing(client, bob, argument, name):
    client.force_login(bob)
    url, fields = student_forms(argument)[name]
    response = client.post(url, fields)
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()
    assert not Proposal.objects.exists() and not Flag.objects.exists()


@pytest.mark.parametrize(
    "url, fields",
    [
        pytest.param("/moderate/speakers/new/", {"name": "Ann\x00", "status": "draft"}, id="speaker"),
        pytest.param("/moderate/debates/new/", {"motion": "M", "summary": "\x00", "status": "draft"}, id="debate"),
        pytest.param("/moderate/speakers/?q=%00", None, id="content list search"),
    ],
)
def test_it_refuses_a_nul_in_a_moderator_form_and_stores_nothing(client, alice, url, fields):
    client.force_login(alice)
    response = client.post(url, fields) if fields else client.get(url)
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()
    assert not Speaker.objects.exists() and not Debate.objects.exists()


def test_it_refuses_a_nul_in_a_pasted_article(client, alice):
    client.force_login(alice)
    response = client.post("/moderate/articles/import/", {"title": "T", "text": "“Never,” she said.\x00"})
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()
    assert not Source.objects.exists()


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("article.txt", "“Not now, not ever,” she said.\x00".encode(), "binary data (NUL bytes)"),
        ("article.txt", b"\xed\xa0\x80 \xe2\x80\x9cNot now,\xe2\x80\x9d she said.", "not valid UTF-8"),
        ("article.html", b"<html><body><p>\x00\x00</p></body></html>", "binary data (NUL bytes)"),
    ],
)
def test_it_explains_an_uploaded_article_with_a_nul_or_a_surrogate(client, alice, name, content, message):
    client.force_login(alice)
    response = client.post("/moderate/articles/import/", {"title": "T", "file": SimpleUploadedFile(name, content)})
    assert message in response.content.decode()
    assert not Source.objects.exists()


@pytest.mark.parametrize("character", ["\x00", "\ud800"])
def test_it_refuses_an_argument_map_holding_a_nul_or_a_surrogate(client, alice, character):
    document = json.loads((DATA / "aifdb_car_free_centres.json").read_text(encoding="utf-8"))
    document["nodes"][1]["text"] += character
    client.force_login(alice)
    upload = SimpleUploadedFile("map.json", json.dumps(document).encode())  # json.dumps writes \u0000, \ud800
    response = client.post("/moderate/import/aif/", {"file": upload})
    assert response.status_code == 400
    assert "Nothing was imported" in response.content.decode()
    assert not Debate.objects.exists() and not Argument.objects.exists()


def api_writes(argument):
    """(who, address, body) for a write of every kind, each valid but for what a test adds."""
    return {
        "token": (None, "/api/v1/auth/token/", {"username": "bob", "password": PASSWORD}),
        "flag": ("bob", "/api/v1/flags/", {"argument": argument.pk, "reason": "other", "comment": "Wrong."}),
        "proposal": (
            "bob",
            "/api/v1/proposals/",
            {"kind": "argument", "parent": argument.pk, "stance": "for", "text": "Yes."},
        ),
        "speaker": ("alice", "/api/v1/speakers/", {"name": "Ann Example", "status": "draft"}),
        "argument": ("alice", "/api/v1/arguments/", {"position": argument.position_id, "stance": "for", "text": "So."}),
    }


API_WRITES = ["token", "flag", "proposal", "speaker", "argument"]


def stored_nothing(argument):
    return (
        not Flag.objects.exists()
        and not Proposal.objects.exists()
        and not Speaker.objects.exclude(pk=argument.evidence.get().speaker_id).exists()
        and Argument.objects.count() == 1
    )


@pytest.fixture
def people(alice, bob):
    return {None: None, "alice": alice, "bob": bob}


@pytest.mark.parametrize("where", ["value", "key"])
@pytest.mark.parametrize("character, named", [("\\u0000", "NUL character"), ("\\ud800", "lone surrogate")])
@pytest.mark.parametrize("name", API_WRITES)
def test_it_refuses_a_nul_or_a_surrogate_anywhere_in_api_json(people, argument, name, character, named, where):
    who, url, body = api_writes(argument)[name]
    text = json.dumps(body)
    # Every body is valid as it is: a stray key is ignored today, so a key with a NUL in it must be refused.
    hostile = text.replace('": "', f'": "x{character}', 1) if where == "value" else text[:-1] + f', "x{character}": 1}}'
    response = post_json(api_as(people[who]), url, hostile)
    assert response.status_code == 400
    assert named in response.json()["detail"]
    assert stored_nothing(argument) and not hasattr(people["bob"], "auth_token")


def test_it_accepts_a_character_written_as_a_surrogate_pair(people, argument):
    body = '{"argument": ARGUMENT, "reason": "other", "comment": "Wrong \\ud83d\\ude00"}'
    body = body.replace("ARGUMENT", str(argument.pk))
    response = post_json(api_as(people["bob"]), "/api/v1/flags/", body)
    assert response.status_code == 201
    assert Flag.objects.get().comment == "Wrong \N{GRINNING FACE}"


# Digits that are not ASCII ------------------------------------------------------


@pytest.mark.parametrize("page", ["²", "\u0663", "\uff11", "1\u0663"])
def test_it_answers_400_for_an_api_page_number_in_other_digits(client, argument, page):
    response = client.get("/api/v1/arguments/", {"page": page})
    assert response.status_code == 400
    assert "positive whole number" in response.json()["page"][0]


@pytest.mark.parametrize("zero", [ARABIC_INDIC, FULL_WIDTH])
@pytest.mark.parametrize("parameter", ["parent", "position", "speaker"])
def test_it_refuses_an_api_filter_id_in_other_digits(client, argument, parameter, zero):
    reply = make_argument(parent=argument)
    ids = {"parent": argument.pk, "position": reply.position_id, "speaker": None}
    value = in_digits(ids[parameter] or 1, zero)
    response = client.get("/api/v1/arguments/", {parameter: value})
    assert response.status_code == 400
    assert f"is not a valid {parameter}" in response.json()[parameter][0]


ID_SPELLINGS = {
    "superscript": lambda pk: "²",
    "Arabic-Indic digits": lambda pk: in_digits(pk, ARABIC_INDIC),
    "full-width digits": lambda pk: in_digits(pk, FULL_WIDTH),
    "a string": str,
    "too large": lambda pk: 10**30,
    "a boolean": lambda pk: True,
}


@pytest.mark.parametrize("spelling", ID_SPELLINGS)
def test_it_refuses_an_api_id_that_is_not_a_json_integer(people, argument, spelling):
    body = {"argument": ID_SPELLINGS[spelling](argument.pk), "reason": "other", "comment": "Wrong."}
    response = post_json(api_as(people["bob"]), "/api/v1/flags/", json.dumps(body))
    assert response.status_code == 400
    assert "argument" in response.json()
    assert not Flag.objects.exists()


@pytest.mark.parametrize("page", ["²", in_digits(2, ARABIC_INDIC), in_digits(2, FULL_WIDTH)])
def test_it_shows_the_first_page_for_a_page_number_in_other_digits(client, alice, page):
    position = make_position()
    first = make_argument(position, text="The very first argument.")
    for _ in range(15):
        make_argument(position)
    response = client.get(position.get_absolute_url(), {"for": page})
    assert response.status_code == 200
    assert first.text in response.content.decode()
    client.force_login(alice)
    assert client.get("/moderate/arguments/", {"page": page}).status_code == 200
    assert client.get("/moderate/queue/", {"page": page}).status_code == 200


@pytest.mark.parametrize("value", ["²", "\u0663", "\uff13"])
def test_it_refuses_a_position_number_in_other_digits_on_the_argument_form(client, alice, value):
    client.force_login(alice)
    fields = {"position": value, "stance": "for", "text": "A claim.", "status": "draft"}
    response = client.post("/moderate/arguments/new/", fields)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Argument.objects.exists()


@pytest.mark.parametrize("zero", [ARABIC_INDIC, FULL_WIDTH])
def test_it_does_not_read_other_digits_as_argument_numbers(client, alice, zero):
    survivor, duplicate = make_argument(), make_argument()
    client.force_login(alice)
    fields = {"survivor": in_digits(survivor.pk, zero), "duplicate": in_digits(duplicate.pk, zero)}
    response = client.post("/moderate/arguments/merge/", fields)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    versions = {"survivor_version": survivor.version, "duplicate_version": duplicate.version, "confirm": "1"}
    assert client.post("/moderate/arguments/merge/", {**fields, **versions}).status_code == 200
    assert Argument.objects.count() == 2


@pytest.mark.parametrize("zero", [ARABIC_INDIC, FULL_WIDTH])
def test_it_does_not_read_other_digits_as_an_article_number(client, bob, argument, zero):
    source = argument.evidence.get().source
    client.force_login(bob)
    fields = {"stance": "for", "text": "A claim.", "quote": "Analysts doubt", "source": in_digits(source.pk, zero)}
    response = client.post(f"/propose/positions/{argument.position_id}/", fields)
    assert "Select a valid choice" in response.content.decode()
    assert not Proposal.objects.exists()


# JSON nested thousands deep -------------------------------------------------------


@pytest.mark.parametrize("depth", [40, 100_000])
@pytest.mark.parametrize("name", API_WRITES)
def test_it_refuses_json_nested_too_deeply(people, argument, name, depth):
    who, url, _ = api_writes(argument)[name]
    response = post_json(api_as(people[who]), url, '{"text": ' + "[" * depth + "]" * depth + "}")
    assert response.status_code == 400
    assert "nested more than 32 levels deep" in response.json()["detail"]
    assert stored_nothing(argument)


def test_it_refuses_deep_json_in_a_review_action(people, argument):
    proposal = Proposal.objects.create(
        kind="argument", author=people["bob"], position=argument.position, stance="for", text="Yes."
    )
    url = f"/api/v1/proposals/{proposal.pk}/reject/"
    response = post_json(api_as(people["alice"]), url, "[" * 50_000 + "]" * 50_000)
    assert response.status_code == 400
    proposal.refresh_from_db()
    assert proposal.is_pending


# Sizes ----------------------------------------------------------------------------


def test_it_refuses_an_api_body_over_the_limit_before_reading_it(people, argument, settings):
    settings.API_MAX_BODY_BYTES = 1000
    body = json.dumps({"argument": argument.pk, "reason": "other", "comment": "x" * 1000})
    response = post_json(api_as(people["bob"]), "/api/v1/flags/", body)
    assert response.status_code == 413
    assert "larger than this endpoint accepts (1,000 bytes)" in response.json()["detail"]
    assert not Flag.objects.exists()


def test_it_refuses_a_flag_comment_of_megabytes(people, argument):
    body = json.dumps({"argument": argument.pk, "reason": "other", "comment": "x" * (3 * 1024 * 1024)})
    response = post_json(api_as(people["bob"]), "/api/v1/flags/", body)
    assert response.status_code == 413
    assert not Flag.objects.exists()


def test_it_takes_an_article_as_long_as_the_import_form_does(people):
    text = "Analysts doubt the numbers add up. " * 40_000  # 1.4 MB: over the default API limit
    body = json.dumps({"title": "A long article", "text": text, "status": "draft"})
    response = post_json(api_as(people["alice"]), "/api/v1/sources/", body)
    assert response.status_code == 201
    assert len(Source.objects.get().text) == len(text.strip())


@pytest.mark.parametrize(
    "name, field, length",
    [
        ("flag", "comment", 2_001),
        ("proposal", "text", 2_001),
        ("argument", "text", 2_001),
        ("speaker", "name", 301),
    ],
)
def test_it_refuses_api_text_over_its_maximum_length(people, argument, name, field, length):
    who, url, body = api_writes(argument)[name]
    response = post_json(api_as(people[who]), url, json.dumps({**body, field: "x" * length}))
    assert response.status_code == 400
    assert "no more than" in response.json()[field][0]
    assert stored_nothing(argument)


def test_it_refuses_a_review_reason_over_its_maximum_length(people, argument, client):
    flag = Flag.objects.create(author=people["bob"], argument=argument, reason="other", comment="Wrong.")
    response = post_json(
        api_as(people["alice"]), f"/api/v1/flags/{flag.pk}/resolve/", json.dumps({"reason": "x" * 2001})
    )
    assert response.status_code == 400
    client.force_login(people["alice"])
    client.post(f"/moderate/flags/{flag.pk}/", {"action": "resolve", "review_reason": "x" * 2001})
    flag.refresh_from_db()
    assert flag.is_pending and flag.review_reason == ""


def test_it_refuses_a_student_form_text_over_its_maximum_length(client, bob, argument):
    client.force_login(bob)
    response = client.post(f"/flag/arguments/{argument.pk}/", {"reason": "other", "comment": "x" * 2001})
    assert "at most 2000 characters" in response.content.decode()
    assert not Flag.objects.exists()


def save_every_path(kind, bob):
    """Writes as a command or the shell would make them, below every form and serializer."""
    argument = make_argument()
    return {
        "debate summary": lambda text: make_debate(summary=text),
        "position summary": lambda text: make_position(summary=text),
        "argument text": lambda text: make_argument(text=text),
        "source text": lambda text: make_source(text=text),
        "speaker name": lambda text: make_speaker(name=text),
        "flag comment": lambda text: Flag.objects.create(author=bob, argument=argument, reason="other", comment=text),
        "proposal text": lambda text: Proposal.objects.create(
            kind="argument", author=bob, position=argument.position, stance="for", text=text
        ),
        "review reason": lambda text: Flag(
            author=bob, argument=argument, reason="other", comment="Wrong.", review_reason=text
        ).save(),
    }[kind]


LIMITS = {
    "debate summary": 5_000,
    "position summary": 5_000,
    "argument text": 2_000,
    "source text": 2 * 1024 * 1024,
    "speaker name": 300,
    "flag comment": 2_000,
    "proposal text": 2_000,
    "review reason": 2_000,
}


@pytest.mark.parametrize("kind", LIMITS)
def test_it_holds_every_text_limit_in_the_model(bob, kind):
    save = save_every_path(kind, bob)
    save("x" * LIMITS[kind])  # the limit itself is allowed
    with pytest.raises(ValidationError, match=f"At most {LIMITS[kind]:,} characters"):
        save("x" * (LIMITS[kind] + 1))
    with pytest.raises(ValidationError, match="NUL character"):
        save("Fine words\x00")
