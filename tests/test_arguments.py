import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from debate.arguments.models import Argument
from debate.core.models import EditConflict, Status

from .factories import make_argument, make_chain, make_evidence, make_position, make_speaker

pytestmark = pytest.mark.django_db


def test_it_derives_the_stance_toward_the_position():
    top = make_argument(stance="for")
    rebuttal = make_argument(parent=top, stance="against")
    counter = make_argument(parent=rebuttal, stance="against")
    assert (top.position_stance, rebuttal.position_stance, counter.position_stance) == ("for", "against", "for")
    assert counter.depth == 2


def test_it_refuses_a_reply_in_another_position():
    top = make_argument()
    with pytest.raises(ValidationError, match="same position"):
        make_argument(position=make_position(), parent=top)


def test_it_refuses_a_cycle():
    top, reply, deeper = make_chain(make_position(), 3)
    top.parent = deeper
    with pytest.raises(ValidationError, match="cannot answer itself"):
        top.save()


def test_it_refuses_an_invalid_stance():
    with pytest.raises(ValidationError):
        make_argument(stance="maybe")


def test_it_hides_a_subtree_when_an_argument_is_unpublished():
    top, reply, deeper = make_chain(make_position(), 3)
    reply.status = Status.DRAFT
    reply.save()
    assert list(Argument.objects.visible().order_by("id")) == [top]
    reply.status = Status.PUBLISHED
    reply.save()
    assert Argument.objects.visible().count() == 3


def test_it_updates_a_moved_subtree():
    position = make_position()
    top, reply, deeper = make_chain(position, 3)
    other = make_argument(position, stance="against")
    reply.parent = other
    reply.save()
    deeper.refresh_from_db()
    assert reply.position_stance == "for"  # against an argument against the position
    assert (deeper.depth, deeper.position_stance) == (2, "against")


def test_it_refuses_a_stale_edit():
    argument = make_argument()
    first = Argument.objects.get(pk=argument.pk)
    second = Argument.objects.get(pk=argument.pk)
    first.text = "First editor's claim."
    first.save()
    second.text = "Second editor's claim."
    with pytest.raises(EditConflict):
        second.save()
    argument.refresh_from_db()
    assert argument.text == "First editor's claim."


def test_it_shows_a_position_with_its_arguments_and_quotes(client):
    evidence = make_evidence(speaker=make_speaker("Governor Ana Ruiz"))
    top = make_argument(evidence=[evidence], text="Mexico would refuse the plan.", stance="against")
    reply = make_argument(parent=top, stance="against", text="Refusal would not last <b>long</b>.")
    response = client.get(top.position.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mexico would refuse the plan." in html
    assert "We will not accept it," in html and "Governor Ana Ruiz" in html
    assert f"#evidence-{evidence.pk}" in html
    assert "Refusal would not last &lt;b&gt;long&lt;/b&gt;." in html
    assert reply.get_absolute_url() in html


def test_it_shows_an_argument_with_its_chain_and_replies(client):
    position = make_position()
    top, reply, deeper = make_chain(position, 3)
    response = client.get(reply.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert top.text in html and deeper.text in html
    assert position.title in html


def test_it_answers_404_for_a_draft_and_410_for_a_retired_argument(client):
    top = make_argument()
    draft = make_argument(parent=top, status=Status.DRAFT)
    retired = make_argument(parent=top, status=Status.RETIRED)
    assert client.get(draft.get_absolute_url()).status_code == 404
    response = client.get(retired.get_absolute_url())
    assert response.status_code == 410
    assert top.get_absolute_url() in response.content.decode()


def test_it_hides_replies_under_a_retired_argument(client):
    top, reply, deeper = make_chain(make_position(), 3)
    reply.status = Status.RETIRED
    reply.save()
    assert client.get(deeper.get_absolute_url()).status_code == 404
    assert deeper.text not in client.get(top.position.get_absolute_url()).content.decode()


def test_it_answers_404_for_unknown_addresses(client):
    for url in [
        "/debates/nope/",
        "/debates/nope/positions/nope/",
        "/arguments/999999/",
        "/speakers/nope/",
        "/sources/nope/",
        "/no-such-page/",
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Page not found" in response.content.decode()


def test_it_renders_a_thread_a_thousand_replies_deep(client):
    chain = make_deep_chain(1000)
    deepest = chain[-1]
    response = client.get(deepest.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count('class="chain"') == 1
    assert chain[0].text in response.content.decode()
    top_response = client.get(chain[0].get_absolute_url())
    assert "Continue this thread" in top_response.content.decode()


def make_deep_chain(length):
    """A long chain created quickly: derived fields are set as save() would set them."""
    position = make_position()
    top = make_argument(position)
    rows, parent, now = [top], top, timezone.now()
    for level in range(1, length):
        parent = Argument(
            position=position,
            parent=parent,
            stance="against",
            text=f"Reply at level {level}.",
            slug=f"reply-{level}",
            status=Status.PUBLISHED,
            depth=level,
            position_stance="against" if level % 2 else "for",
            is_visible=True,
            created_at=now,
            updated_at=now,
        )
        parent.save_base(raw=True)
        rows.append(parent)
    return rows


@pytest.mark.parametrize("size", [3, 30])
def test_it_keeps_the_position_page_query_count_flat(client, django_assert_max_num_queries, size):
    position = make_position()
    evidence = make_evidence()
    for i in range(size):
        top = make_argument(position, stance="for" if i % 2 else "against", evidence=[evidence])
        make_argument(parent=top, stance="against", evidence=[evidence], speaker=make_speaker())
    with django_assert_max_num_queries(8):  # seven, and the content stamp for conditional GET
        assert client.get(position.get_absolute_url()).status_code == 200


def test_it_keeps_the_argument_page_query_count_flat(client, django_assert_max_num_queries):
    chain = make_deep_chain(200)
    with django_assert_max_num_queries(7):  # six, and the content stamp for conditional GET
        assert client.get(chain[-1].get_absolute_url()).status_code == 200
