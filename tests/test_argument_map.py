import pytest
from django.urls import reverse

from debate.arguments import argument_map
from debate.arguments.argument_map import MAX_DEPTH, MAX_NODES, build_map, levels_to_draw
from debate.core.models import Status

from .factories import make_argument, make_debate, make_position, make_speaker
from .test_arguments import make_deep_chain

pytestmark = pytest.mark.django_db


def map_url(position):
    return reverse("arguments:position_map", args=[position.debate.slug, position.slug])


def get_map(client, position):
    response = client.get(map_url(position))
    assert response.status_code == 200
    return response.content.decode()


def test_it_draws_every_argument_of_a_small_position_with_links(client):
    position = make_position()
    top = make_argument(position, speaker=make_speaker("Ana Ruiz"))
    reply = make_argument(parent=top, stance="against")
    other = make_argument(position, stance="against")
    html = get_map(client, position)
    for argument in (top, reply, other):
        # once as a node of the picture, once in the outline
        assert html.count(f'href="{argument.get_absolute_url()}"') == 2
        assert argument.text in html
    edges = html[html.index('<g class="map-edges">') :]
    assert edges[: edges.index("</g>")].count("<path ") == 3
    assert "— Ana Ruiz" in html
    assert f'class="map-node map-root" href="{position.get_absolute_url()}"' in html
    assert 'role="group" aria-labelledby="map-svg-title"' in html


def test_it_links_the_position_page_to_its_map(client):
    position = make_position()
    assert f'href="{map_url(position)}">Argument map</a>' in client.get(position.get_absolute_url()).content.decode()


def test_it_colours_each_node_by_its_side_and_says_its_relation_in_words(client):
    position = make_position()
    top = make_argument(position, stance="for", text="Raids work.")
    make_argument(parent=top, stance="against", text="Raids backfire.")
    make_argument(parent=top, stance="for", text="Raids worked in Iraq.")
    html = get_map(client, position)
    assert "<title>For the position: Raids work.</title>" in html
    assert "<title>Against the position; answers the argument on its left: Raids backfire.</title>" in html
    assert "<title>For the position; supports the argument on its left: Raids worked in Iraq.</title>" in html
    assert html.count('class="map-node map-node-against"') == 1
    outline = html[html.index('class="map-outline"') :]
    assert outline.index("answers the argument above</span>") < outline.index("Raids backfire.")
    assert outline.index("supports the argument above</span>") < outline.index("Raids worked in Iraq.")


def test_it_escapes_user_text(client):
    position = make_position(title="Position <em>bold</em>")
    make_argument(position, text="<script>alert(1)</script> & more", speaker=make_speaker("<b>Eve</b>"))
    html = get_map(client, position)
    assert "<script>alert" not in html and "<b>Eve" not in html and "<em>bold" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html
    assert "&lt;b&gt;Eve&lt;/b&gt;" in html


def test_it_hides_drafts_and_what_they_hide(client):
    position = make_position()
    shown = make_argument(position, text="Published claim.")
    draft = make_argument(position, text="Draft claim.", status=Status.DRAFT)
    make_argument(parent=draft, text="Reply under a draft.")
    html = get_map(client, position)
    assert shown.text in html
    assert "Draft claim." not in html and "Reply under a draft." not in html


def test_it_answers_like_the_position_page_for_drafts_and_retired_positions(client):
    assert client.get(map_url(make_position(status=Status.DRAFT))).status_code == 404
    assert client.get(map_url(make_position(debate=make_debate(status=Status.DRAFT)))).status_code == 404
    retired = client.get(map_url(make_position(status=Status.RETIRED)))
    assert retired.status_code == 410


def test_it_draws_only_the_top_levels_of_a_large_tree(client):
    position = make_position()
    tops = [make_argument(position, stance="for" if i % 2 else "against") for i in range(20)]
    for top in tops:
        for _ in range(15):
            make_argument(parent=top, stance="against")
    html = get_map(client, position)
    assert f"300 of the 320 arguments are hidden: the map draws at most {MAX_NODES} arguments" in html
    assert "so it shows the top 1 level of 2." in html
    assert "+15 more" in html and "(15 more replies on its page)" in html
    assert html.count('class="map-node map-node-') == 20


def test_it_draws_thirty_levels_of_a_thread_a_thousand_deep(client):
    chain = make_deep_chain(1000)
    html = get_map(client, chain[0].position)
    assert "970 of the 1000 arguments are hidden" in html
    assert f"so it shows the top {MAX_DEPTH} levels of 1000." in html
    assert chain[MAX_DEPTH - 1].get_absolute_url() in html
    assert chain[MAX_DEPTH].get_absolute_url() not in html


@pytest.mark.parametrize("size", [10, 300])
def test_it_keeps_the_query_count_flat(client, django_assert_max_num_queries, size):
    position = make_position()
    speakers = [make_speaker() for _ in range(3)]
    parents = [None]
    for i in range(size):
        parent = parents[i // 3]
        argument = make_argument(position, parent=parent, stance="against" if i % 4 else "for", speaker=speakers[i % 3])
        parents.append(argument)
    with django_assert_max_num_queries(5):  # content stamp, position, levels, arguments, replies below the cut
        assert client.get(map_url(position)).status_code == 200


def test_it_keeps_whole_levels_within_the_limits():
    assert levels_to_draw({0: 5, 1: 10, 2: 400}) == 2
    assert levels_to_draw({0: 400}) == 0
    assert levels_to_draw({depth: 1 for depth in range(1000)}) == MAX_DEPTH


def test_it_draws_the_first_top_level_arguments_when_there_are_too_many(client, monkeypatch):
    monkeypatch.setattr(argument_map, "MAX_NODES", 3)
    position = make_position()
    tops = [make_argument(position) for _ in range(5)]
    make_argument(parent=tops[0])
    html = get_map(client, position)
    assert "3 of the 6 arguments are hidden" in html
    assert "so it shows the first 3 top-level arguments; the position page lists them all." in html
    assert html.count('class="map-node map-node-') == 3
    assert tops[2].get_absolute_url() in html and tops[3].get_absolute_url() not in html
    assert "+2 more" in html  # beside the position
    assert "+1 more" in html  # beside the first argument, whose reply is not drawn


def test_it_places_each_parent_beside_its_replies_and_every_leaf_on_its_own_row():
    position = make_position()
    top = make_argument(position)
    first, second = make_argument(parent=top), make_argument(parent=top, stance="against")
    lone = make_argument(position, stance="against")
    tree = build_map(position)
    rows = {node.argument.pk: node.row for node in tree.nodes}
    assert (rows[first.pk], rows[second.pk], rows[lone.pk]) == (0, 1, 2)
    assert rows[top.pk] == 0.5
    assert tree.root.row == (0.5 + 2) / 2
    assert [node.level for node in tree.nodes] == [1, 2, 2, 1]


def test_it_puts_the_outline_first_and_the_picture_at_full_size_in_a_zoomable_window(client):
    position = make_position()
    top = make_argument(position, text="Raids work.")
    make_argument(parent=top, stance="against", text="Raids backfire.")
    html = get_map(client, position)
    # On a phone the outline, readable at any width, comes before the wide picture.
    picture = html.index('<svg class="argument-map"')
    assert html.index('id="outline-heading"') < html.index('id="picture-heading"') < picture
    assert html.index('class="map-outline"') < picture
    assert 'href="#picture-heading">Skip to the map as a picture</a>' in html
    layout = build_map(position)
    assert f'width="{layout.width}" height="{layout.height}" viewBox="0 0 {layout.width} {layout.height}"' in html
    assert '<div class="map-scroll" id="map-picture" role="region"' in html
    zoom = html[html.index("data-map-zoom") : html.index('id="map-picture"')]
    assert ">Zoom out<" in zoom and ">Zoom in<" in zoom and ">Full size<" in zoom
    assert 'src="/static/js/map-zoom.js"' in html
