"""Moderators choose arguments, speakers and excerpts by what they say, confirm merges, and read history."""

import re

import pytest

from debate.arguments.models import Argument
from debate.moderation.models import Flag
from debate.sources.models import Speaker

from .factories import make_argument, make_evidence, make_position, make_source, make_speaker


@pytest.fixture
def debate_world(db):
    position = make_position(title="Build the dam")
    speaker = make_speaker("Governor Ana Ruiz", role="Governor")
    evidence = make_evidence(speaker=speaker)
    top = make_argument(position, text="The dam brings cheap power to the valley.", evidence=[evidence])
    reply = make_argument(parent=top, stance="against", text="Cheap power floods three villages.")
    other = make_argument(make_position(title="Elsewhere"), text="The dam in another debate.")
    return {"position": position, "speaker": speaker, "evidence": evidence, "top": top, "reply": reply, "other": other}


def test_it_offers_a_labelled_picker_not_a_number_box_to_move_an_argument(client, alice, debate_world):
    client.force_login(alice)
    reply, top = debate_world["reply"], debate_world["top"]
    html = client.get(f"/moderate/arguments/{reply.pk}/move/").content.decode()
    assert 'type="number"' not in html
    assert '<label for="id_parent">New parent argument' in html
    picker = re.search(r'<select name="parent"[^>]*>', html).group(0)
    assert f'data-lookup="/moderate/lookup/arguments/?debate={top.position.debate_id}"' in picker
    assert f'<option value="{top.pk}" selected>The dam brings cheap power to the valley. — Build the dam · for' in html
    assert "The dam in another debate." not in html
    assert '<script src="/static/js/picker.js" defer>' in html


def test_it_moves_an_argument_chosen_in_the_select_without_javascript(client, alice, debate_world):
    client.force_login(alice)
    reply, position = debate_world["reply"], debate_world["position"]
    response = client.post(f"/moderate/arguments/{reply.pk}/move/", {"position": position.pk, "version": reply.version})
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.parent is None


def test_it_looks_up_arguments_with_their_position_and_side(client, alice, debate_world):
    client.force_login(alice)
    debate = debate_world["position"].debate_id
    found = client.get("/moderate/lookup/arguments/", {"q": "dam", "debate": debate}).json()["results"]
    assert found == [
        {
            "id": debate_world["top"].pk,
            "label": "The dam brings cheap power to the valley.",
            "detail": "Build the dam · for",
        }
    ]
    everywhere = client.get("/moderate/lookup/arguments/", {"q": "dam"}).json()["results"]
    assert {item["label"] for item in everywhere} == {
        "The dam brings cheap power to the valley.",
        "The dam in another debate.",
    }


def test_it_looks_up_speakers_with_their_role_and_evidence_with_its_source_and_speaker(client, alice, debate_world):
    client.force_login(alice)
    speakers = client.get("/moderate/lookup/speakers/", {"q": "ruiz"}).json()["results"]
    assert [(s["label"], s["detail"]) for s in speakers] == [("Governor Ana Ruiz", "Governor")]
    excerpts = client.get("/moderate/lookup/evidence/", {"q": "ruiz"}).json()["results"]
    source = debate_world["evidence"].source
    assert [(e["label"], e["detail"]) for e in excerpts] == [
        ("“We will not accept it,”", f"Governor Ana Ruiz · {source.title}")
    ]


def test_it_answers_at_most_twenty_matches(client, alice, debate_world):
    for number in range(25):
        make_argument(debate_world["position"], text=f"Dam claim {number}")
    client.force_login(alice)
    assert len(client.get("/moderate/lookup/arguments/", {"q": "dam"}).json()["results"]) == 20


def test_it_refuses_the_lookup_to_students_and_strangers(client, charlie, debate_world):
    assert client.get("/moderate/lookup/arguments/", {"q": "dam"}).status_code == 302
    client.force_login(charlie)
    assert client.get("/moderate/lookup/arguments/", {"q": "dam"}).status_code == 403


def test_it_answers_a_debate_that_is_not_a_number_with_a_400(client, alice, debate_world):
    client.force_login(alice)
    assert client.get("/moderate/lookup/arguments/", {"debate": "²"}).status_code == 400


def test_it_offers_speaker_and_argument_pickers_to_attach_and_review(client, alice, bob, debate_world):
    from debate.moderation.models import Proposal

    client.force_login(alice)
    source = debate_world["evidence"].source
    html = client.get(f"/moderate/sources/{source.pk}/evidence/").content.decode()
    assert 'type="number"' not in html
    assert 'data-lookup="/moderate/lookup/speakers/"' in html
    assert f'<option value="{debate_world["top"].pk}">The dam brings cheap power' in html
    proposal = Proposal.objects.create(
        kind="argument", author=bob, position=debate_world["position"], stance="for", text="An idea."
    )
    html = client.get(f"/moderate/proposals/{proposal.pk}/").content.decode()
    assert 'data-lookup="/moderate/lookup/speakers/"' in html
    assert f'<option value="{debate_world["speaker"].pk}">Governor Ana Ruiz — Governor</option>' in html


def test_it_cites_an_excerpt_found_by_the_picker_when_saving_an_argument(client, alice, debate_world):
    top = debate_world["top"]
    fresh = make_evidence(source=make_source(title="A new article"), quote="Analysts doubt the numbers add up.")
    client.force_login(alice)
    html = client.get(f"/moderate/arguments/{top.pk}/edit/").content.decode()
    assert 'name="parent"' in html and 'type="number"' not in html
    response = client.post(
        f"/moderate/arguments/{top.pk}/edit/",
        {
            "position": top.position_id,
            "stance": "for",
            "text": top.text,
            "status": "published",
            "evidence": [debate_world["evidence"].pk],
            "cite": fresh.pk,
            "version": top.version,
        },
    )
    assert response.status_code == 302
    assert set(top.evidence.all()) == {debate_world["evidence"], fresh}


def test_it_previews_what_a_merge_moves_and_changes_nothing_until_confirmed(client, alice, debate_world):
    top = debate_world["top"]
    duplicate = make_argument(debate_world["position"], text="Cheap power for the valley, thanks to the dam.")
    reply = make_argument(parent=duplicate, stance="against", text="Only if the river keeps flowing.")
    Flag.objects.create(author=alice, argument=duplicate, reason="duplicate", comment="Same as the first.")
    client.force_login(alice)
    response = client.post("/moderate/arguments/merge/", {"survivor": top.pk, "duplicate": duplicate.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing has changed yet." in html
    assert "<strong>1 replies</strong>" in html and "Only if the river keeps flowing." in html
    assert "<strong>1 flags</strong>" in html and "Same as the first." in html
    assert f'name="duplicate_version" value="{duplicate.version}"' in html
    assert '<button type="submit" name="confirm" value="1">Merge</button>' in html
    reply.refresh_from_db()
    assert reply.parent_id == duplicate.pk and Argument.objects.filter(pk=duplicate.pk).exists()
    confirmed = client.post(
        "/moderate/arguments/merge/",
        {
            "survivor": top.pk,
            "duplicate": duplicate.pk,
            "survivor_version": top.version,
            "duplicate_version": duplicate.version,
            "confirm": "1",
        },
    )
    assert confirmed.status_code == 302
    reply.refresh_from_db()
    assert reply.parent_id == top.pk and not Argument.objects.filter(pk=duplicate.pk).exists()


def test_it_merges_nothing_when_an_argument_changed_after_the_preview(client, alice, debate_world):
    top = debate_world["top"]
    duplicate = make_argument(debate_world["position"], text="Cheap power for the valley.")
    seen = duplicate.version
    duplicate.text = "Edited meanwhile by another moderator."
    duplicate.save()
    client.force_login(alice)
    response = client.post(
        "/moderate/arguments/merge/",
        {
            "survivor": top.pk,
            "duplicate": duplicate.pk,
            "survivor_version": top.version,
            "duplicate_version": seen,
            "confirm": "1",
        },
        follow=True,
    )
    assert "was changed by someone else" in response.content.decode()
    assert "Nothing was merged." in response.content.decode()
    assert Argument.objects.filter(pk=duplicate.pk).exists()


def test_it_previews_a_speaker_merge_with_evidence_arguments_and_positions(client, alice, debate_world):
    keep = debate_world["speaker"]
    duplicate = make_speaker("Ana Ruiz")
    make_evidence(source=make_source(), quote="Never.", speaker=duplicate)
    make_argument(debate_world["position"], speaker=duplicate, text="Ana's own claim.")
    debate_world["position"].holders.add(duplicate)
    client.force_login(alice)
    html = client.get("/moderate/speakers/merge/").content.decode()
    assert 'type="number"' not in html and 'data-lookup="/moderate/lookup/speakers/"' in html
    html = client.post("/moderate/speakers/merge/", {"survivor": keep.pk, "duplicate": duplicate.pk}).content.decode()
    assert "“Never.” — Ana Ruiz" in html
    assert "Ana&#x27;s own claim." in html
    assert "<strong>1 positions held</strong>" in html and "Build the dam" in html
    assert Speaker.objects.filter(pk=duplicate.pk).exists()


def _edit(client, argument, **changes):
    argument.refresh_from_db()
    form = {
        "position": argument.position_id,
        "parent": argument.parent_id or "",
        "stance": argument.stance,
        "text": argument.text,
        "status": argument.status,
        "evidence": [e.pk for e in argument.evidence.all()],
        "version": argument.version,
        **changes,
    }
    response = client.post(f"/moderate/arguments/{argument.pk}/edit/", form)
    assert response.status_code == 302, response.content.decode()


def test_it_shows_history_as_word_diffs_with_evidence_by_quote_and_speaker(client, alice, debate_world):
    reply = debate_world["reply"]
    quote = make_evidence(
        source=make_source(text="The mayor said: <b>no dam</b> here."),
        quote="<b>no dam</b>",
        speaker=make_speaker("Mayor Li"),
    )
    client.force_login(alice)
    _edit(client, reply, text="Cheap power floods four villages.", cite=quote.pk)
    html = client.get(f"/moderate/arguments/{reply.pk}/history/").content.decode()
    assert '<del><span class="visually-hidden">[removed: </span>three<span' in html
    assert '<ins><span class="visually-hidden">[added: </span>four<span' in html
    assert "<ins>“&lt;b&gt;no dam&lt;/b&gt;” — Mayor Li · " in html
    assert "[{" not in html and "&#x27;evidence&#x27;" not in html
    # Every version but the current one can be restored (created, text saved; the evidence set is current).
    assert html.count("Revert to this version") == reply.history.count() - 1 == 2


def test_it_names_the_parent_and_speaker_in_history(client, alice, debate_world):
    reply, top = debate_world["reply"], debate_world["top"]
    client.force_login(alice)
    _edit(client, reply, speaker=debate_world["speaker"].pk)
    html = client.get(f"/moderate/arguments/{reply.pk}/history/").content.decode()
    assert "[now: </span>Governor Ana Ruiz — Governor" in html
    top.refresh_from_db()
    _edit(client, top, text="The dam brings cheap, clean power to the valley.")
    assert "cheap, clean" in client.get(f"/moderate/arguments/{top.pk}/history/").content.decode()


def test_it_shows_the_changed_words_of_a_long_text_with_the_whole_text_behind_a_toggle(client, alice, debate_world):
    top = debate_world["top"]
    words = [f"word{n}" for n in range(150)]
    client.force_login(alice)
    _edit(client, top, text=" ".join(words))
    changed = words[:140] + ["CHANGED"] + words[141:]
    _edit(client, top, text=" ".join(changed))
    html = client.get(f"/moderate/arguments/{top.pk}/history/").content.decode()
    newest = html.split('class="history-when"')[1]
    assert "[added: </span>CHANGED" in newest and "[removed: </span>word140" in newest
    assert "word128" in newest.split("<details>")[0] and "word10 " not in newest.split("<details>")[0]
    assert '<span class="diff-gap"' in newest
    assert "<summary>The whole text, before and after</summary>" in newest and "word10 word11" in newest


def test_it_loads_history_in_the_same_few_queries_however_many_versions(
    client, alice, debate_world, django_assert_max_num_queries
):
    top = debate_world["top"]
    excerpts = [make_evidence(source=make_source(), speaker=make_speaker()) for _ in range(3)]
    client.force_login(alice)
    for number in range(30):
        _edit(client, top, text=f"Version {number} of the claim.", evidence=[], cite=excerpts[number % 3].pk)
    with django_assert_max_num_queries(14):
        html = client.get(f"/moderate/arguments/{top.pk}/history/").content.decode()
    assert html.count("Revert to this version") == top.history.count() - 1 > 60
