"""Moderators curate, students propose and flag: roles, conflicts, merges, history and the queue."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from debate.arguments.models import Argument, Debate, Position
from debate.core.models import Status
from debate.extraction.models import ExtractionProposal
from debate.moderation.models import Flag, Proposal, ReviewState
from debate.sources.models import Evidence, Source, Speaker

from .conftest import PASSWORD
from .factories import make_argument, make_chain, make_evidence, make_position, make_source, make_speaker

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db, bob):
    """One of everything, so every address in the site can be filled in."""
    source = make_source()
    speaker = make_speaker("Governor Ana Ruiz")
    evidence = make_evidence(source=source, speaker=speaker)
    position = make_position()
    top = make_argument(position, evidence=[evidence], speaker=speaker)
    reply = make_argument(parent=top, stance="against")
    proposal = Proposal.objects.create(
        kind="argument", author=bob, position=position, stance="for", text="Students' idea."
    )
    flag = Flag.objects.create(author=bob, argument=top, reason="other", comment="Looks off.")
    quote = "We will not accept it,"
    start = source.text.index(quote)
    extracted = ExtractionProposal.objects.create(source=source, start=start, end=start + len(quote), quote=quote)
    top.refresh_from_db()
    return {
        "source": source,
        "speaker": speaker,
        "evidence": evidence,
        "position": position,
        "debate": position.debate,
        "argument": top,
        "reply": reply,
        "proposal": proposal,
        "flag": flag,
        "extracted": extracted,
        "history_id": top.history.earliest().history_id,
    }


def url_patterns(resolver=None, namespace=None):
    """Every (name, kwarg names) of the site, admin and API aside (they have their own tests)."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in ("admin", "api"):
                continue
            yield from url_patterns(entry, entry.namespace or namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, list(entry.pattern.regex.groupindex)


def addresses(world):
    """Every address of the site, filled in with real objects; fails on a route nobody thought of."""
    kinds = {
        "debates": world["debate"],
        "positions": world["position"],
        "arguments": world["argument"],
        "speakers": world["speaker"],
        "sources": world["source"],
        "evidence": world["evidence"],
    }
    pk_for = {
        "moderation:proposal": world["proposal"].pk,
        "moderation:flag": world["flag"].pk,
        "moderation:attach_evidence": world["source"].pk,
        "moderation:flag_evidence": world["evidence"].pk,
        "extraction:review": world["source"].pk,
        "extraction:save": world["source"].pk,
        "extraction:publish": world["source"].pk,
        "extraction:edit": world["extracted"].pk,
        "extraction:decide": world["extracted"].pk,
        "extraction:accept_speaker": world["extracted"].pk,
        "extraction:rename_speaker": world["extracted"].pk,
        "extraction:merge_speaker": world["extracted"].pk,
        "builder:build": world["debate"].pk,
        "builder:publish": world["debate"].pk,
    }
    slug_for = {
        "sources:detail": world["source"].slug,
        "sources:speaker": world["speaker"].slug,
        "arguments:debate": world["debate"].slug,
        "interchange:debate": world["debate"].slug,
    }
    shared = {
        "debate_slug": world["debate"].slug,
        "position_pk": world["position"].pk,
        "history_id": world["history_id"],
        "uidb64": "MQ",
        "token": "set-password",
        "name": "cards-txt",
    }
    result = []
    for name, params in url_patterns():
        for kind, obj in kinds.items() if "kind" in params else [(None, None)]:
            values = {
                **shared,
                "kind": kind,
                "pk": obj.pk if obj else pk_for.get(name, world["argument"].pk),
                "slug": slug_for.get(name, world["position"].slug),
            }
            missing = [p for p in params if p not in values]
            assert not missing, f"add a sample value for {missing} of {name}"
            result.append((name, reverse(name, kwargs={p: values[p] for p in params})))
    return result


PUBLIC_WRITES = {
    "accounts:login",
    "accounts:signup",
    "accounts:password_reset",
    "accounts:password_reset_confirm",
    "accounts:logout",
}
STUDENT_WRITES = {
    "moderation:propose_argument",
    "moderation:propose_reply",
    "moderation:propose_evidence",
    "moderation:flag_argument",
    "moderation:flag_evidence",
    "moderation:my_contributions",
    "accounts:password_change",
}


def snapshot():
    """What a refused write must leave untouched."""
    models = [Debate, Position, Argument, Speaker, Source, Evidence, Proposal, Flag, User]
    return (
        [m.objects.count() for m in models],
        list(Argument.objects.order_by("pk").values_list("version", "status", "text", "parent_id")),
        list(Proposal.objects.values_list("state", flat=True)),
        list(Flag.objects.values_list("state", flat=True)),
    )


def test_it_refuses_every_write_to_anonymous_users(client, world):
    before = snapshot()
    for name, url in addresses(world):
        if name in PUBLIC_WRITES:
            continue
        response = client.post(url, {"status": "published", "version": 1, "text": "x", "action": "approve"})
        assert response.status_code in (302, 403, 405), (name, url, response.status_code)
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/"), (name, url)
    assert snapshot() == before


def test_it_refuses_moderator_writes_to_students(client, world, charlie):
    client.force_login(charlie)
    before = snapshot()
    for name, url in addresses(world):
        if name in PUBLIC_WRITES or name in STUDENT_WRITES:
            continue
        response = client.post(url, {"status": "published", "version": 1, "text": "x", "action": "approve"})
        assert response.status_code in (403, 405), (name, url, response.status_code)
    assert snapshot() == before


def test_it_keeps_every_workspace_page_and_lookup_from_students(client, world, charlie):
    client.force_login(charlie)
    workspace = [(n, u) for n, u in addresses(world) if u.startswith("/moderate/")]
    assert any(name == "moderation:lookup" for name, _ in workspace)
    for name, url in workspace:
        response = client.get(url, {"q": "a"})
        assert response.status_code in (403, 405), (name, url, response.status_code)


def test_it_opens_every_page_to_moderators(client, world, alice):
    client.force_login(alice)
    for name, url in addresses(world):
        if name in (
            "accounts:logout", "moderation:flag", "moderation:status", "moderation:revert",
            "extraction:save", "extraction:publish", "extraction:decide", "extraction:accept_speaker",
            "extraction:rename_speaker", "extraction:merge_speaker", "builder:publish",
        ):  # fmt: skip
            continue  # POST-only actions
        response = client.get(url)
        assert response.status_code in (200, 301, 302), (name, url, response.status_code)


def test_it_lets_students_propose_and_flag_but_not_review(client, world, charlie):
    client.force_login(charlie)
    argument = world["argument"]
    response = client.post(f"/flag/arguments/{argument.pk}/", {"reason": "misattributed", "comment": "Wrong person."})
    assert response.status_code == 302
    assert Flag.objects.filter(author=charlie, argument=argument).exists()
    assert client.get(f"/moderate/proposals/{world['proposal'].pk}/").status_code == 403
    assert client.post(f"/moderate/proposals/{world['proposal'].pk}/", {"action": "approve"}).status_code == 403
    world["proposal"].refresh_from_db()
    assert world["proposal"].state == ReviewState.PENDING


def test_it_refuses_a_stale_edit_and_shows_both_versions(client, alice, world):
    client.force_login(alice)
    argument = world["argument"]
    url = f"/moderate/arguments/{argument.pk}/edit/"
    form = {
        "position": argument.position_id,
        "stance": "for",
        "status": "published",
        "evidence": [world["evidence"].pk],
        "version": argument.version,
    }
    first = client.post(url, {**form, "text": "First moderator's wording."})
    assert first.status_code == 302
    second = client.post(url, {**form, "text": "Second moderator's wording."})
    assert second.status_code == 409
    html = second.content.decode()
    assert "First moderator" in html and "Second moderator" in html
    argument.refresh_from_db()
    assert argument.text == "First moderator's wording."


def confirm_merge(client, kind, keep, duplicate):
    """Press "Merge" on the confirmation page, with the versions it showed."""
    return client.post(
        f"/moderate/{kind}/merge/",
        {
            "survivor": keep.pk,
            "duplicate": duplicate.pk,
            "survivor_version": keep.version,
            "duplicate_version": duplicate.version,
            "confirm": "1",
        },
    )


def test_it_merges_arguments_and_keeps_every_reference(client, alice, world):
    position = world["position"]
    keep = world["argument"]
    duplicate = make_argument(position, evidence=[make_evidence(quote="Analysts doubt the numbers add up.")])
    reply = make_argument(parent=duplicate, stance="against")
    flag = Flag.objects.create(author=alice, argument=duplicate, reason="duplicate", comment="Same as another.")
    client.force_login(alice)
    response = confirm_merge(client, "arguments", keep, duplicate)
    assert response.status_code == 302
    assert not Argument.objects.filter(pk=duplicate.pk).exists()
    reply.refresh_from_db()
    flag.refresh_from_db()
    assert reply.parent_id == keep.pk and flag.argument_id == keep.pk
    assert keep.evidence.filter(quote="Analysts doubt the numbers add up.").exists()
    assert keep.evidence.filter(pk=world["evidence"].pk).exists()


def test_it_merges_speakers_and_keeps_every_reference(client, alice, world):
    keep = world["speaker"]
    duplicate = make_speaker("Ana Ruiz")
    evidence = make_evidence(source=world["source"], quote="Never.", speaker=duplicate)
    argument = make_argument(world["position"], speaker=duplicate)
    world["position"].holders.add(duplicate)
    client.force_login(alice)
    confirm_merge(client, "speakers", keep, duplicate)
    evidence.refresh_from_db()
    argument.refresh_from_db()
    assert evidence.speaker == keep and argument.speaker == keep
    assert keep in world["position"].holders.all()
    assert not Speaker.objects.filter(pk=duplicate.pk).exists()


def test_it_refuses_to_merge_an_argument_into_its_own_reply(client, alice, world):
    client.force_login(alice)
    response = client.post(
        "/moderate/arguments/merge/", {"survivor": world["reply"].pk, "duplicate": world["argument"].pk}
    )
    assert response.status_code == 200
    assert "move it out of that thread first" in response.content.decode()
    assert Argument.objects.filter(pk=world["argument"].pk).exists()


def test_it_reverts_text_and_cited_evidence(client, alice, world):
    argument = world["argument"]
    original_text = argument.text
    first_version = argument.history.order_by("history_date", "history_id").last()
    argument.text = "A vandalised claim."
    argument.save()
    argument.evidence.clear()
    client.force_login(alice)
    argument.refresh_from_db()
    response = client.post(
        f"/moderate/arguments/{argument.pk}/history/{first_version.history_id}/revert/", {"version": argument.version}
    )
    assert response.status_code == 302
    argument.refresh_from_db()
    assert argument.text == original_text
    assert list(argument.evidence.all()) == [world["evidence"]]
    assert "vandalised" in client.get(f"/moderate/arguments/{argument.pk}/history/").content.decode()


def test_it_records_who_changed_what(client, alice, world):
    client.force_login(alice)
    client.post(
        f"/moderate/speakers/{world['speaker'].pk}/edit/",
        {
            "name": "Governor Ana María Ruiz",
            "slug": world["speaker"].slug,
            "status": "published",
            "version": world["speaker"].version,
        },
    )
    record = world["speaker"].history.latest()
    assert record.history_user == alice and record.name == "Governor Ana María Ruiz"


def test_it_refuses_a_selection_that_is_not_verbatim(client, alice, world):
    source = world["source"]
    client.force_login(alice)
    start = source.text.index("minister")
    response = client.post(
        f"/moderate/sources/{source.pk}/evidence/",
        {"start": start, "end": start + 8, "quote": "governor", "kind": "quote"},
    )
    assert response.status_code == 200
    assert "Not verbatim" in response.content.decode()
    assert not Evidence.objects.filter(source=source, start=start).exists()


def test_it_attaches_a_selected_passage_with_code_point_offsets(client, alice, world):
    source = world["source"]
    start = source.text.index("Analysts")
    client.force_login(alice)
    response = client.post(
        f"/moderate/sources/{source.pk}/evidence/",
        {
            "start": start,
            "end": start + 8,
            "quote": "Analysts",
            "kind": "fact",
            "argument": world["argument"].pk,
            "next": "/somewhere/#here",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/somewhere/#here"
    assert world["argument"].evidence.filter(quote="Analysts", start=start).exists()


def test_it_asks_which_occurrence_of_a_typed_quote(client, alice):
    source = make_source(text="He said no. Then she said no. Then they all said no.")
    client.force_login(alice)
    response = client.post(f"/moderate/sources/{source.pk}/evidence/", {"quote": "said no", "kind": "quote"})
    assert "occurs 3 times" in response.content.decode()
    second = source.text.index("said no", 5)
    client.post(
        f"/moderate/sources/{source.pk}/evidence/", {"quote": "said no", "kind": "quote", "chosen_start": second}
    )
    assert Evidence.objects.get(source=source).start == second


def test_it_moves_an_argument_but_never_into_its_own_thread(client, alice, world):
    position = world["position"]
    top, middle, bottom = make_chain(position, 3)
    client.force_login(alice)
    refused = client.post(f"/moderate/arguments/{top.pk}/move/", {"parent": bottom.pk, "version": top.version})
    assert "cannot move under itself" in refused.content.decode()
    moved = client.post(
        f"/moderate/arguments/{middle.pk}/move/", {"parent": world["argument"].pk, "version": middle.version}
    )
    assert moved.status_code == 302
    bottom.refresh_from_db()
    assert bottom.depth == 2


def test_it_publishes_unpublishes_and_retires(client, alice, world):
    argument = world["argument"]
    client.force_login(alice)
    url = f"/moderate/arguments/{argument.pk}/status/"
    client.post(url, {"status": "retired", "version": argument.version})
    argument.refresh_from_db()
    assert argument.status == Status.RETIRED
    client.logout()
    assert client.get(argument.get_absolute_url()).status_code == 410
    assert client.get(world["reply"].get_absolute_url()).status_code == 404


def test_it_carries_a_proposal_through_the_queue_to_readers(client, alice, bob, world):
    position = world["position"]
    client.force_login(bob)
    back = position.get_absolute_url()
    response = client.post(
        f"/propose/positions/{position.pk}/",
        {
            "stance": "against",
            "text": "The governor's refusal ends the plan.",
            "source": world["source"].pk,
            "quote": "Never.",
            "next": back,
        },
    )
    assert response.status_code == 302 and response["Location"] == back
    proposal = Proposal.objects.get(text="The governor's refusal ends the plan.")
    client.logout()
    assert "refusal ends the plan" not in client.get(back).content.decode()

    client.force_login(alice)
    assert "refusal ends the plan" in client.get("/moderate/queue/").content.decode()
    client.post(
        f"/moderate/proposals/{proposal.pk}/",
        {
            "action": "approve",
            "stance": "against",
            "text": "The governor's refusal would end the plan.",
            "evidence_kind": "quote",
        },
    )
    client.logout()
    html = client.get(back).content.decode()
    assert "refusal would end the plan" in html and "Never." in html
    client.force_login(bob)
    assert "Approved" in client.get("/me/contributions/").content.decode()


def test_it_shows_a_student_the_reason_for_a_rejection(client, alice, bob, world):
    client.force_login(alice)
    response = client.post(f"/moderate/proposals/{world['proposal'].pk}/", {"action": "reject", "review_reason": ""})
    assert "Give the student a reason" in response.content.decode()
    client.post(
        f"/moderate/proposals/{world['proposal'].pk}/",
        {
            "action": "reject",
            "review_reason": "The article does not say this.",
            "stance": "for",
            "text": "x",
            "evidence_kind": "quote",
        },
    )
    client.force_login(bob)
    html = client.get("/me/contributions/").content.decode()
    assert "Rejected" in html and "The article does not say this." in html


def test_it_refuses_a_proposed_passage_that_is_not_in_the_article(client, bob, world):
    client.force_login(bob)
    response = client.post(
        f"/propose/arguments/{world['argument'].pk}/evidence/",
        {"source": world["source"].pk, "quote": "a sentence nobody wrote", "evidence_kind": "quote"},
    )
    assert "does not occur in the article" in response.content.decode()
    assert not Proposal.objects.filter(kind="evidence").exists()


def test_it_keeps_workspace_and_queue_query_counts_flat(client, alice, bob, django_assert_max_num_queries):
    position = make_position()
    for i in range(30):
        argument = make_argument(position)
        Proposal.objects.create(kind="argument", author=bob, position=position, stance="for", text=f"Idea {i}")
        Flag.objects.create(author=bob, argument=argument, reason="other", comment="Hmm")
    client.force_login(alice)
    for url in ["/moderate/", "/moderate/queue/", "/moderate/arguments/", "/moderate/evidence/"]:
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200


def test_it_rate_limits_logins_even_with_the_right_password(client, bob, settings):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "bob", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "bob", "password": PASSWORD})
    assert "Too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_validates_passwords_at_signup(client):
    response = client.post("/accounts/signup/", {"username": "dana", "password1": "12345678", "password2": "12345678"})
    assert response.status_code == 200 and not User.objects.filter(username="dana").exists()
    client.post("/accounts/signup/", {"username": "dana", "password1": PASSWORD, "password2": PASSWORD})
    assert User.objects.filter(username="dana").exists()


def test_it_creates_demo_users_on_request(capsys):
    call_command("seed", "--demo-users")
    output = capsys.readouterr().out
    assert "moderator / moderator-" in output and "student / student-" in output
    assert User.objects.get(username="moderator").groups.filter(name="moderators").exists()


def test_it_escapes_student_text_in_the_queue(client, alice, bob):
    Proposal.objects.create(
        kind="argument", author=bob, position=make_position(), stance="for", text="<script>alert(1)</script>"
    )
    client.force_login(alice)
    html = client.get("/moderate/queue/").content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_it_refuses_a_position_change_that_would_leave_replies_behind(client, alice, world):
    other = make_position(debate=world["debate"])
    argument = world["argument"]
    client.force_login(alice)
    response = client.post(
        f"/moderate/arguments/{argument.pk}/edit/",
        {
            "position": other.pk,
            "stance": "for",
            "status": "published",
            "text": argument.text,
            "version": argument.version,
        },
    )
    assert "use “Move”" in response.content.decode()
    moved = client.post(f"/moderate/arguments/{argument.pk}/move/", {"position": other.pk, "version": argument.version})
    assert moved.status_code == 302
    world["reply"].refresh_from_db()
    assert world["reply"].position == other


def test_it_refuses_an_edit_without_its_version(client, alice, world):
    client.force_login(alice)
    speaker = world["speaker"]
    response = client.post(
        f"/moderate/speakers/{speaker.pk}/edit/", {"name": "Overwritten", "slug": speaker.slug, "status": "published"}
    )
    assert response.status_code == 200
    speaker.refresh_from_db()
    assert speaker.name != "Overwritten"


def test_it_refuses_ids_too_large_for_the_database(client, bob, world):
    client.force_login(bob)
    response = client.post(
        f"/propose/arguments/{world['argument'].pk}/reply/",
        {"stance": "for", "text": "x", "cited_evidence": ["99999999999999999999"]},
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()


def test_it_keeps_draft_evidence_off_readers_pages(client, world):
    draft = make_source(text="A secret draft passage.", status=Status.DRAFT)
    world["argument"].evidence.add(make_evidence(source=draft, quote="secret draft passage"))
    html = client.get(world["argument"].get_absolute_url()).content.decode()
    assert "secret draft passage" not in html


def test_it_ticks_only_the_debates_evidence_and_offers_the_newest_article_to_cite(client, alice, world):
    elsewhere = make_evidence(source=make_source(text="Another article about fisheries quotas."), quote="fisheries")
    client.force_login(alice)
    page = client.get(f"/moderate/arguments/{world['argument'].pk}/edit/")
    ticked = page.context["form"]["evidence"]
    assert [c.data["value"].instance for c in ticked] == [world["evidence"]]
    offered = page.context["form"]["cite"]
    assert f'<option value="{elsewhere.pk}">“fisheries” — the reporter' in str(offered)


def test_it_asks_a_student_for_a_longer_passage_when_it_occurs_twice(client, bob, world):
    source = make_source(text="No, he said. Later: No, he said again.")
    client.force_login(bob)
    response = client.post(
        f"/propose/arguments/{world['argument'].pk}/evidence/",
        {"source": source.pk, "quote": "No, he said", "evidence_kind": "quote"},
    )
    assert "occurs 2 times in the article; paste a longer passage" in response.content.decode()
    assert not Proposal.objects.filter(kind="evidence").exists()


def test_it_gives_the_same_answer_about_a_passage_on_the_page_and_through_the_api(client, bob, world):
    """Proposals go through one service, so a rule reads the same whichever way the student sends."""
    source = make_source(text="No, he said. Later: No, he said again.")
    client.force_login(bob)
    for quote, message in [
        ("No, he said", "This passage occurs 2 times in the article; paste a longer passage so it is found once."),
        ("Yes, she said", "This passage does not occur in the article; check its words."),
    ]:
        page = client.post(
            f"/propose/arguments/{world['argument'].pk}/evidence/",
            {"source": source.pk, "quote": quote, "evidence_kind": "quote"},
        )
        api = client.post(
            "/api/v1/proposals/",
            {"kind": "evidence", "parent": world["argument"].pk, "source": source.pk, "quote": quote},
            content_type="application/json",
        )
        assert message in page.content.decode()
        assert api.status_code == 400 and api.json() == {"quote": [message]}
    assert not Proposal.objects.filter(kind="evidence").exists()


def test_it_finds_a_students_passage_typed_with_straight_quotes_and_stores_the_articles_own(client, bob, world):
    client.force_login(bob)
    pasted = '"We will not accept it,"  the governor\r\nreplied. "Never."'
    response = client.post(
        f"/propose/arguments/{world['argument'].pk}/evidence/",
        {"source": world["source"].pk, "quote": pasted, "evidence_kind": "quote"},
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get(kind="evidence")
    assert proposal.quote == "“We will not accept it,” the governor replied. “Never.”"
    assert world["source"].text[proposal.start : proposal.end] == proposal.quote

    response = client.post(
        f"/propose/positions/{world['position'].pk}/",
        {"stance": "for", "text": "The governor refuses.", "source": world["source"].pk, "quote": '"Never."'},
    )
    assert response.status_code == 302
    assert Proposal.objects.get(text="The governor refuses.").quote == "“Never.”"


def test_it_attaches_a_moderators_typed_quote_whatever_its_dashes_and_spacing(client, alice):
    source = make_source(text="The plan — the minister’s plan — will\nfail, he said.")
    client.force_login(alice)
    response = client.post(
        f"/moderate/sources/{source.pk}/evidence/",
        {"quote": "the minister's plan - will fail", "kind": "quote"},
    )
    assert response.status_code == 302
    assert Evidence.objects.get(source=source).quote == "the minister’s plan — will\nfail"


def test_it_still_asks_which_occurrence_when_a_passage_occurs_twice_in_other_spellings(client, alice):
    source = make_source(text='He said “no.” Then she said\n"no." again.')
    client.force_login(alice)
    response = client.post(f"/moderate/sources/{source.pk}/evidence/", {"quote": "said 'no.'", "kind": "quote"})
    assert "does not occur in the article" in response.content.decode()  # single marks are not double ones
    response = client.post(f"/moderate/sources/{source.pk}/evidence/", {"quote": "said “no.”", "kind": "quote"})
    assert "occurs 2 times" in response.content.decode()
    second = source.text.index("said\n")
    client.post(
        f"/moderate/sources/{source.pk}/evidence/", {"quote": "said “no.”", "kind": "quote", "chosen_start": second}
    )
    assert Evidence.objects.get(source=source).quote == 'said\n"no."'


def test_it_shows_a_student_the_reason_given_with_an_approval(client, alice, bob, world):
    client.force_login(alice)
    client.post(
        f"/moderate/proposals/{world['proposal'].pk}/",
        {
            "action": "approve",
            "review_reason": "Good point; I tightened the wording.",
            "stance": "for",
            "text": "Students' idea, tightened.",
            "evidence_kind": "quote",
        },
    )
    client.force_login(bob)
    html = client.get("/me/contributions/").content.decode()
    assert "Approved" in html and "Good point; I tightened the wording." in html
    assert Argument.objects.filter(text="Students' idea, tightened.").count() == 1


def test_it_keeps_the_reason_sent_with_an_approval_through_the_api(client, alice, world):
    client.force_login(alice)
    url = f"/api/v1/proposals/{world['proposal'].pk}/approve/"
    response = client.post(url, {"reason": "Well sourced."}, content_type="application/json")
    assert response.status_code == 200 and response.json()["review_reason"] == "Well sourced."
    again = client.post(url, {"reason": "Well sourced."}, content_type="application/json")
    assert again.status_code == 200 and Argument.objects.filter(text="Students' idea.").count() == 1
    rejected = client.post(
        f"/api/v1/proposals/{world['proposal'].pk}/reject/", {"reason": "Too late."}, content_type="application/json"
    )
    assert rejected.status_code == 409 and rejected.json()["current"]["state"] == "approved"


def test_it_reviews_in_the_admin_only_through_the_review_services(client, world):
    admin = User.objects.create_superuser("root", password=PASSWORD)
    client.force_login(admin)
    proposal = world["proposal"]
    assert 'name="state"' not in client.get(f"/admin/moderation/proposal/{proposal.pk}/change/").content.decode()
    client.post(
        f"/admin/moderation/proposal/{proposal.pk}/change/",
        {"state": "approved", "text": "Changed behind the queue's back.", "kind": "argument"},
    )
    proposal.refresh_from_db()
    assert proposal.state == ReviewState.PENDING and proposal.text == "Students' idea."
    client.post("/admin/moderation/proposal/", {"action": "approve", "_selected_action": [proposal.pk]})
    proposal.refresh_from_db()
    assert proposal.state == ReviewState.APPROVED and proposal.reviewed_by == admin
    assert proposal.result.text == "Students' idea." and proposal.result.is_published
