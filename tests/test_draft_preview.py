"""Moderators preview drafts at the addresses readers will use; readers still get a 404; merged addresses redirect."""

import pytest
from django.test import Client

from debate.arguments.models import Argument, Position
from debate.core.models import Status
from debate.moderation.services import merge_arguments, merge_speakers

from .factories import make_argument, make_debate, make_position, make_source, make_speaker

pytestmark = pytest.mark.django_db

BANNER = "Draft — only moderators see this."
DRAFT = Status.DRAFT


def _drafts():
    debate = make_debate(motion="A draft motion", status=DRAFT)
    position = make_position(debate, title="A draft position", status=DRAFT)
    argument = make_argument(position, text="A draft argument about the plan.", status=DRAFT)
    return {
        "debates": debate,
        "positions": position,
        "arguments": argument,
        "sources": make_source(title="A draft article", status=DRAFT),
        "speakers": make_speaker("A draft speaker", status=DRAFT),
    }


@pytest.mark.parametrize("kind", ["debates", "positions", "arguments", "sources", "speakers"])
def test_it_shows_a_moderator_a_draft_as_readers_will_see_it_with_a_banner_and_publish_button(client, alice, kind):
    draft = _drafts()[kind]
    client.force_login(alice)
    response = client.get(draft.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200 and BANNER in html
    assert f'action="/moderate/{kind}/{draft.pk}/status/"' in html
    assert f'name="version" value="{draft.version}"' in html and 'value="published">Publish' in html
    assert f'name="next" value="{draft.get_absolute_url()}"' in html


@pytest.mark.parametrize("kind", ["debates", "positions", "arguments", "sources", "speakers"])
def test_it_still_answers_readers_and_students_404_for_a_draft(client, bob, kind):
    url = _drafts()[kind].get_absolute_url()
    assert client.get(url).status_code == 404
    client.force_login(bob)
    assert client.get(url).status_code == 404


def test_it_never_shows_or_caches_a_moderators_draft_view_for_readers(client, alice, settings):
    settings.PAGE_CACHE_SECONDS = 3600
    position = _drafts()["positions"]
    url = position.get_absolute_url()
    client.force_login(alice)
    seen = client.get(url)
    assert seen.status_code == 200 and "private" in seen["Cache-Control"]
    reader = Client()
    assert reader.get(url).status_code == 404
    for tag in filter(None, [seen.get("ETag"), "*"]):
        assert reader.get(url, headers={"if-none-match": tag}).status_code == 404


def test_it_previews_a_draft_debates_whole_structure_marked_as_drafts(client, alice):
    drafts = _drafts()
    position = drafts["positions"]
    published_under_draft = make_argument(parent=drafts["arguments"], text="A published reply under a draft.")
    retired = make_argument(position, text="A retired argument.", status=Status.RETIRED)
    make_argument(parent=retired, text="A reply under a retired argument.")
    client.force_login(alice)
    debate_page = client.get(drafts["debates"].get_absolute_url()).content.decode()
    assert "A draft position" in debate_page and 'class="draft-mark">Draft' in debate_page
    position_page = client.get(position.get_absolute_url()).content.decode()
    assert "A draft argument about the plan." in position_page and "A published reply under a draft." in position_page
    assert "A retired argument." not in position_page and "A reply under a retired argument." not in position_page
    assert "Not shown: under a draft" in position_page
    reply_page = client.get(published_under_draft.get_absolute_url()).content.decode()
    assert "Not published yet — only moderators see this." in reply_page
    assert "A draft argument about the plan." in reply_page  # the thread above it


def test_it_publishes_from_the_banner_and_returns_to_the_page_readers_now_see(client, alice):
    position = make_position(title="Ready to go", status=DRAFT)
    url = position.get_absolute_url()
    client.force_login(alice)
    response = client.post(
        f"/moderate/positions/{position.pk}/status/", {"status": "published", "version": position.version, "next": url}
    )
    assert response.status_code == 302 and response["Location"] == url
    assert BANNER not in client.get(url).content.decode()
    assert Client().get(url).status_code == 200


def test_it_lands_on_the_drafts_page_after_saving_it_in_the_workspace(client, alice):
    debate = make_debate()
    client.force_login(alice)
    response = client.post(
        "/moderate/positions/new/",
        {"debate": debate.pk, "title": "Saved as a draft", "slug": "saved-as-a-draft", "status": "draft", "order": 0},
        follow=True,
    )
    assert response.status_code == 200 and BANNER in response.content.decode()
    assert Position.objects.get(title="Saved as a draft").status == DRAFT


def test_it_redirects_a_merged_arguments_address_to_the_one_kept_and_says_what_it_absorbed(client, alice):
    position = make_position()
    kept = make_argument(position, text="The plan cannot be paid for.")
    duplicate = make_argument(position, text="Nobody can pay for this plan.")
    unpublished = make_argument(position, text="A draft that said the same.", status=DRAFT)
    duplicate_url = duplicate.get_absolute_url()
    merge_arguments(survivor=kept, duplicate=duplicate)
    merge_arguments(survivor=kept, duplicate=unpublished)
    response = client.get(duplicate_url)
    assert response.status_code == 301 and response["Location"] == kept.get_absolute_url()
    html = client.get(kept.get_absolute_url()).content.decode()
    assert "This argument also holds “Nobody can pay for this plan.”, merged into it." in html
    assert "A draft that said the same." not in html
    client.force_login(alice)
    assert "A draft that said the same." in client.get(kept.get_absolute_url()).content.decode()


def test_it_follows_merges_of_merges_to_the_argument_kept(client):
    position = make_position()
    first, second, third = (make_argument(position) for _ in range(3))
    merge_arguments(survivor=second, duplicate=first)
    merge_arguments(survivor=third, duplicate=second)
    response = client.get(first.get_absolute_url())
    assert response.status_code == 301 and response["Location"] == third.get_absolute_url()
    assert first.text in client.get(third.get_absolute_url()).content.decode()


def test_it_redirects_a_merged_speakers_address_to_the_one_kept(client):
    kept = make_speaker("Elena Ruiz")
    duplicate = make_speaker("Supervisor Elena Ruiz")
    duplicate_url = duplicate.get_absolute_url()
    merge_speakers(survivor=kept, duplicate=duplicate)
    response = client.get(duplicate_url)
    assert response.status_code == 301 and response["Location"] == kept.get_absolute_url()
    assert client.get("/speakers/nobody-ever/").status_code == 404


def test_it_answers_404_for_an_argument_deleted_without_a_merge(client):
    argument = make_argument()
    url = argument.get_absolute_url()
    Argument.objects.filter(pk=argument.pk).delete()
    assert client.get(url).status_code == 404
