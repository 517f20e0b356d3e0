import pytest

from debate.core.models import Status
from debate.search.services import search

from .factories import make_argument, make_evidence, make_speaker

pytestmark = pytest.mark.django_db

ODD_QUERIES = [
    "",
    "   ",
    "x" * 10_000,
    '"AND( OR NOT *',
    "'; DROP TABLE arguments_argument; --",
    "<script>alert(1)</script>",
    "NEAR(a b) ^col:x",
    "ça marche — “quotes” 🚁 \ufeff",  # a NUL is refused before any view: see test_hostile_input.py
    "%_%",
]


def test_it_ranks_arguments_evidence_and_speakers():
    make_argument(text="Helicopter raids would capture cartel leaders.")
    make_evidence(quote="We will not accept it,")
    make_speaker("Helicopter Analyst")
    kinds = {hit.kind for hit in search("helicopter")}
    assert kinds == {"argument", "speaker"}
    assert [hit.kind for hit in search("accept")] == ["evidence"]


def test_it_finds_words_by_their_stem():
    make_argument(text="The raids failed repeatedly.")
    assert search("raid fail")


def test_it_keeps_search_in_step_with_edits():
    argument = make_argument(text="Avocados fund the cartels.")
    argument.text = "Limes fund the cartels."
    argument.save()
    assert not search("avocados")
    assert search("limes")[0].obj == argument


def test_it_never_shows_unpublished_content():
    make_argument(text="Secret draft about submarines.", status=Status.DRAFT)
    assert search("submarines") == []


def test_it_marks_matches_after_escaping(client):
    make_argument(text="Cartels <b>fear</b> retribution.")
    html = client.get("/search/?q=fear").content.decode()
    assert "&lt;b&gt;<mark>fear</mark>&lt;/b&gt;" in html


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_it_answers_odd_input_with_a_normal_page(client, query):
    make_argument(text="Cartel leaders and raids.")
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_it_finds_a_readable_match_ranked_below_many_unreadable_ones():
    for _ in range(81):  # more than the candidates ranked before readability is checked
        make_argument(text="Zebra zebra zebra crossings.", status=Status.DRAFT)
    published = make_argument(text="A zebra crossing near the school, among many other words about the plan.")
    assert [hit.obj for hit in search("zebra")] == [published]


def test_it_never_marks_inside_escaped_characters(client):
    make_argument(text='A Q&A with <b>officials</b> said "no"')
    html = client.get("/search/?q=a+q+officials").content.decode()
    assert "&<mark>amp" not in html and "&<mark>quot" not in html
    assert "&lt;b&gt;<mark>officials</mark>&lt;/b&gt;" in html
