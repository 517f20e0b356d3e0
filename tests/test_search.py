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


@pytest.mark.parametrize("typed", ["sovereign", "Sovereignty", "sovreignty"])
def test_it_finds_sovereignty_in_the_seeded_debate_however_a_student_types_it(seeded, typed):
    hits = search(typed)
    assert hits and all("sovereignty" in getattr(hit.obj, "text", "") + getattr(hit.obj, "quote", "") for hit in hits)
    assert {"argument", "evidence"} <= {hit.kind for hit in hits}


def test_it_finds_raids_from_raid_in_the_seeded_debate(seeded):
    texts = [hit.obj.text for hit in search("raid", kinds=("argument",))]
    assert any("raids" in text for text in texts)


def test_it_says_which_word_it_searched_for_instead(client, seeded):
    html = client.get("/search/", {"q": "sovreignty"}).content.decode()
    assert "Nothing has “sovreignty”, so this shows results for “<strong>sovereignty</strong>”." in html
    assert "<mark>sovereignty</mark>" in html


def test_it_never_corrects_a_word_to_one_only_unpublished_content_holds():
    make_argument(text="The zeppelin plan stays a draft.", status=Status.DRAFT)
    make_argument(text="Published words about airships.")
    assert search("zepelin") == []


def test_it_shows_each_argument_s_side_and_position(client):
    against = make_argument(text="Raids would trample Mexican sovereignty.", stance="against")
    reply = make_argument(parent=against, stance="against", text="Mexico would quietly bless the raids.")
    html = client.get("/search/", {"q": "raids"}).content.decode()
    link = f'<a href="{against.position.get_absolute_url()}">{against.position.title}</a>'
    assert f'<span aria-hidden="true">✘</span> Against the position</span> · {link}' in html
    # A rebuttal of an argument against the position helps the position.
    reply_result = html[html.index("quietly bless") :]
    assert '<span aria-hidden="true">✔</span> For the position</span>' in reply_result[:600]
    assert '<span class="relation">answers another argument</span>' in reply_result[:600]
    assert reply.position_stance == "for"


def test_it_filters_by_kind_and_side():
    evidence = make_evidence(quote="We will not accept it,")
    against = make_argument(text="Mexico will not accept raids.", stance="against", evidence=[evidence])
    make_argument(text="Mexico might accept a partnership.", stance="for")
    make_speaker("Accept Analyst")
    assert {hit.kind for hit in search("accept", kinds=("speaker",))} == {"speaker"}
    against_hits = search("accept", side="against")
    assert {(hit.kind, hit.obj) for hit in against_hits} == {("argument", against), ("evidence", evidence)}
    assert [hit.obj for hit in search("accept", kinds=("argument",), side="for")] != [against]


def test_it_filters_on_the_search_page(client):
    make_argument(text="Mexico will not accept raids.", stance="against")
    make_argument(text="Mexico might accept a partnership.", stance="for")
    html = client.get("/search/", {"q": "accept", "kind": "arguments", "side": "for"}).content.decode()
    assert "partnership" in html and "accept raids" not in html
    assert '<option value="for" selected>' in html
    odd = client.get("/search/", {"q": "accept", "kind": "AND(", "side": '"'})
    assert odd.status_code == 200 and "partnership" in odd.content.decode()


@pytest.mark.parametrize("query", ['sovreign"ty', "raid AND(", '"raid*', "raid:* & !x", "sovereign'ty"])
def test_it_answers_odd_input_mixed_with_real_words(seeded, query):
    assert isinstance(search(query), list)
