"""A side is a side: the colour, icon and counts of an argument say which side of the position it helps,
each side's whole case has its own page, and a brief of it prints and downloads."""

import io
import re

import pytest
from django.urls import reverse
from docx import Document

from debate.arguments import views
from debate.arguments.models import Argument, Debate, Position
from debate.core.models import Status
from debate.sources.citations import source_citations
from debate.sources.models import Speaker

from .factories import make_argument, make_evidence, make_position, make_speaker

pytestmark = pytest.mark.django_db

ARTICLE_IDS = re.compile(r'<article class="argument [^"]*" id="argument-(\d+)"')


def side_url(position, side, **params):
    query = "&".join(f"{key}={value}" for key, value in {"side": side, **params}.items())
    return f"{position.get_absolute_url()}?{query}"


def listed_ids(html):
    return [int(pk) for pk in ARTICLE_IDS.findall(html)]


@pytest.fixture
def tree():
    """A position whose sides cross: replies to one side's arguments help the other side."""
    position = make_position()
    opens_for = make_argument(position, stance="for", text="Raids would cripple the cartels.")
    answers_it = make_argument(parent=opens_for, stance="against", text="Raids only splinter the cartels.")
    answers_back = make_argument(parent=answers_it, stance="against", text="Splinters are weaker than cartels.")
    backs_it = make_argument(parent=opens_for, stance="for", text="It worked on the Zetas.")
    opens_against = make_argument(position, stance="against", text="Mexico would refuse the raids.")
    backs_against = make_argument(parent=opens_against, stance="for", text="Mexico refused before.")
    return {
        "position": position,
        "for": [opens_for, answers_back, backs_it],
        "against": [opens_against, backs_against, answers_it],
    }


def test_it_lists_every_argument_helping_a_side_at_any_depth_in_thread_order(client, tree):
    position = tree["position"]
    for side in ("for", "against"):
        html = client.get(side_url(position, side)).content.decode()
        assert listed_ids(html) == [argument.pk for argument in tree[side]]
        assert f"{len(tree[side])} arguments {side}, at any depth, in thread order" in html


def test_it_says_what_each_argument_of_a_side_answers_and_links_to_it(client, tree):
    position = tree["position"]
    opens_for, answers_back, _ = tree["for"]
    answers_it = tree["against"][2]
    html = client.get(side_url(position, "for")).content.decode()
    answered = html[html.index(f'id="argument-{answers_back.pk}"') :]
    assert f'Answers <a href="{answers_it.get_absolute_url()}">“{answers_it.text}”</a>' in answered[:2000]
    top = html[html.index(f'id="argument-{opens_for.pk}"') :]
    assert "Supports the position itself." in top[:1500]
    against_html = client.get(side_url(position, "against")).content.decode()
    backing = against_html[against_html.index(f'id="argument-{tree["against"][1].pk}"') :]
    assert f'Supports <a href="{tree["against"][0].get_absolute_url()}">' in backing[:2000]
    assert "In threads opened for the position: the replies that help the case against" in against_html


def test_it_shows_each_arguments_evidence_in_its_sides_case(client):
    speaker = make_speaker("Governor Ana Ruiz")
    evidence = make_evidence(speaker=speaker)
    argument = make_argument(stance="against", evidence=[evidence], text="Mexico would refuse.")
    html = client.get(side_url(argument.position, "against")).content.decode()
    assert listed_ids(html) == [argument.pk] and "1 argument against, at any depth" in html
    assert "“We will not accept it,”" in html
    assert f'href="{evidence.get_absolute_url()}"' in html
    assert source_citations(evidence.source)["mla"] in html


def test_it_leaves_drafts_and_the_threads_they_hide_out_of_a_side(client, tree):
    position = tree["position"]
    hidden = tree["against"][2]  # its reply, "Splinters are weaker", helps the case for
    hidden.status = Status.DRAFT
    hidden.save()
    html = client.get(side_url(position, "for")).content.decode()
    assert listed_ids(html) == [tree["for"][0].pk, tree["for"][2].pk]
    debate_html = client.get(position.debate.get_absolute_url()).content.decode()
    assert "2 arguments for" in debate_html and "2 arguments against" in debate_html


def test_it_pages_a_long_side(client, tree, monkeypatch):
    monkeypatch.setattr(views, "SIDE_PER_PAGE", 2)
    position = tree["position"]
    first = client.get(side_url(position, "against")).content.decode()
    second = client.get(side_url(position, "against", page=2)).content.decode()
    assert listed_ids(first) + listed_ids(second) == [argument.pk for argument in tree["against"]]
    assert "Page 1 of 2" in first and 'href="?side=against&amp;page=2">Next</a>' in first
    assert "3 arguments against" in second


def test_it_refuses_an_unknown_side(client, tree):
    response = client.get(side_url(tree["position"], "sideways"))
    assert response.status_code == 400
    assert "“side” must be “for” or “against”" in response.content.decode()


def test_it_caches_each_side_apart(client, tree):
    position = tree["position"]
    for_side = client.get(side_url(position, "for"))
    against_side = client.get(side_url(position, "against"))
    assert listed_ids(client.get(side_url(position, "for")).content.decode()) == [a.pk for a in tree["for"]]
    assert listed_ids(client.get(side_url(position, "against")).content.decode()) == [a.pk for a in tree["against"]]
    assert for_side["ETag"] != against_side["ETag"] != client.get(position.get_absolute_url())["ETag"]


def test_it_links_the_position_page_to_both_sides_with_their_counts_first(client, tree):
    position = tree["position"]
    html = client.get(position.get_absolute_url()).content.decode()
    sides = html.index('aria-label="Each side\'s whole case"')
    assert sides < html.index('class="columns"')
    assert f'href="{side_url(position, "for")}"' in html[sides : sides + 1000]
    assert 'The case for <span class="side-count">(3)</span>' in html
    assert 'The case against <span class="side-count">(3)</span>' in html
    assert "3 arguments for and 3 against, at any depth" in html


def test_it_shows_the_side_a_reply_helps_and_its_relation_in_words(client, tree):
    """A reply answering an argument against the position helps the case for: green, and it says "answers"."""
    position = tree["position"]
    answers_back, backs_against = tree["for"][1], tree["against"][1]
    html = client.get(position.get_absolute_url()).content.decode()
    reply = html[html.index(f'<article class="argument stance-border-for" id="argument-{answers_back.pk}"') :]
    assert (
        '<span class="stance stance-for"><span aria-hidden="true">✔</span> For the position</span>'
        ' <span class="relation">answers the argument above</span>'
    ) in reply[:1000]
    backing = html[html.index(f'<article class="argument stance-border-against" id="argument-{backs_against.pk}"') :]
    assert 'Against the position</span> <span class="relation">supports the argument above</span>' in backing[:1000]
    assert "Rebuts" not in html
    assert 'id="legend-heading">Reading the sides</h2>' in html


def test_it_gives_every_argument_element_its_id_on_every_page(client, tree):
    position = tree["position"]
    speaker = make_speaker("Ana Ruiz")
    every = [*tree["for"], *tree["against"]]
    Argument.objects.filter(pk__in=[a.pk for a in every]).update(speaker=speaker)
    deepest = tree["for"][1]
    pages = {
        "position": (position.get_absolute_url(), every),
        "map": (reverse("arguments:position_map", args=[position.debate.slug, position.slug]), every),
        "argument": (deepest.get_absolute_url(), [deepest, tree["for"][0], tree["against"][2]]),
        "speaker": (speaker.get_absolute_url(), every),
        "search": ("/search/?q=cartels", [tree["for"][0], tree["against"][2], tree["for"][1]]),
        "side for": (side_url(position, "for"), tree["for"]),
        "side against": (side_url(position, "against"), tree["against"]),
    }
    for name, (url, arguments) in pages.items():
        html = client.get(url).content.decode()
        for argument in arguments:
            assert html.count(f'id="argument-{argument.pk}"') == 1, (name, argument.text)


def test_it_colours_the_map_by_side_and_says_each_relation_in_words(client, tree):
    position = tree["position"]
    answers_it = tree["against"][2]
    html = client.get(reverse("arguments:position_map", args=[position.debate.slug, position.slug])).content.decode()
    assert f'<a class="map-node map-node-against" href="{answers_it.get_absolute_url()}">' in html
    assert f"<title>Against the position; answers the argument on its left: {answers_it.text}</title>" in html
    backs_against = tree["against"][1]
    assert f'<a class="map-node map-node-against" href="{backs_against.get_absolute_url()}">' in html
    assert f"<title>Against the position; supports the argument on its left: {backs_against.text}</title>" in html
    assert 'id="legend-heading">Reading the sides</h2>' in html


def test_it_counts_the_same_arguments_on_the_debate_page_as_in_each_side_view(client, seeded):
    debate = Debate.objects.get()
    debate_html = client.get(debate.get_absolute_url()).content.decode()
    for position in Position.objects.readable():
        for side in ("for", "against"):
            link = re.escape(f'href="{side_url(position, side)}"')
            count = rf'><span aria-hidden="true">.</span> (\d+) arguments? {side}'
            counted = int(re.search(link + count, debate_html)[1])
            html = client.get(side_url(position, side)).content.decode()
            assert len(listed_ids(html)) == counted, (position.slug, side)
            assert f"{counted} argument{'s' * (counted != 1)} {side}, at any depth" in html
            assert set(listed_ids(html)) == set(
                position.arguments.visible().filter(position_stance=side).values_list("id", flat=True)
            )


# The brief ------------------------------------------------------------------------------------


def brief_url(position, name="interchange:brief", **params):
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse(name, args=[position.debate.slug, position.slug]) + (f"?{query}" if query else "")


def docx_url(position, **params):
    return brief_url(position, "interchange:brief_docx", **params)


@pytest.fixture
def cited_tree(tree):
    speaker = make_speaker("Governor Ana Ruiz", role="Governor", affiliation="Sonora")
    evidence = make_evidence(speaker=speaker)
    tree["against"][0].evidence.add(evidence)
    tree["evidence"] = evidence
    return tree


def test_it_prints_a_sides_case_as_a_brief_with_full_citations(client, cited_tree):
    position, evidence = cited_tree["position"], cited_tree["evidence"]
    html = client.get(brief_url(position, side="against")).content.decode()
    brief = html[html.index('<article class="brief">') : html.index("</article>")]
    claims = [argument.text for argument in cited_tree["against"]]
    assert [brief.index(claim) for claim in claims] == sorted(brief.index(claim) for claim in claims)
    assert not any(claim.text in brief for claim in cited_tree["for"][1:])
    assert '“We will not accept it,” <span class="brief-cite">— Governor Ana Ruiz, Governor, Sonora.' in brief
    assert source_citations(evidence.source)["mla"] in brief
    assert f"http://testserver{evidence.source.get_absolute_url()}" in brief
    assert f"Answers: “{cited_tree['for'][0].text}”" in brief  # the other side's, so not in this brief
    assert "Supports 1." in brief
    # Links live only in the part that is not printed.
    printed = re.sub(r'<div class="screen-only brief-tools">.*?</div>', "", brief, flags=re.S)
    assert "<a " not in printed


def test_it_says_each_speakers_credentials_and_each_excerpt_in_full_once(client, cited_tree):
    position, source = cited_tree["position"], cited_tree["evidence"].source
    governor = Speaker.objects.get(name="Governor Ana Ruiz")
    minister = make_evidence(source, quote="The minister said the plan would work.", speaker=governor)
    cited_tree["against"][0].evidence.add(minister)
    cited_tree["against"][1].evidence.add(minister)
    html = client.get(brief_url(position, side="against")).content.decode()
    assert html.count("“The minister said the plan would work.”") == 1
    assert (
        '“The minister said the plan would…” (in full under 1) <span class="brief-cite">— Governor Ana Ruiz. [1]'
        in html
    )
    assert html.count("Governor Ana Ruiz, Governor, Sonora") == 1


def test_it_briefs_both_sides_and_cites_in_the_style_asked_for(client, cited_tree):
    position, evidence = cited_tree["position"], cited_tree["evidence"]
    html = client.get(brief_url(position, style="apa")).content.decode()
    assert html.index('id="brief-for"') < html.index('id="brief-against"')
    assert source_citations(evidence.source)["apa"] in html and "Sources (APA 7)" in html


def test_it_refuses_a_brief_of_an_unknown_side_or_style(client, tree):
    assert client.get(brief_url(tree["position"], side="middle")).status_code == 400
    assert client.get(brief_url(tree["position"], style="harvard")).status_code == 400
    assert client.get(docx_url(tree["position"], style="harvard")).status_code == 400


def test_it_downloads_the_brief_as_a_word_document(client, cited_tree):
    position, evidence = cited_tree["position"], cited_tree["evidence"]
    Argument.objects.filter(pk=cited_tree["against"][1].pk).update(text="Mexico refused\x0b before.\x1f")
    response = client.get(docx_url(position, side="against"))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'{position.debate.slug}-{position.slug}-case-against.docx"')
    text = "\n".join(paragraph.text for paragraph in Document(io.BytesIO(response.content)).paragraphs)
    assert "The case against" in text and "Mexico would refuse the raids." in text
    # Word's own line break stays a line break; control characters that XML cannot hold are dropped.
    assert "Mexico refused\n before." in text
    assert "“We will not accept it,” — Governor Ana Ruiz, Governor, Sonora." in text
    assert source_citations(evidence.source)["mla"] in text


def test_it_keeps_drafts_and_draft_speakers_out_of_the_brief(client, cited_tree):
    position = cited_tree["position"]
    Speaker.objects.filter(name="Governor Ana Ruiz").update(status=Status.DRAFT)
    cited_tree["against"][2].status = Status.DRAFT
    cited_tree["against"][2].save()
    html = client.get(brief_url(position)).content.decode()
    assert "Ana Ruiz" not in html and "Raids only splinter" not in html and "Splinters are weaker" not in html
    assert '“We will not accept it,” <span class="brief-cite">— Unattributed.' in html
    draft = make_position(status=Status.DRAFT)
    assert client.get(brief_url(draft)).status_code == 404
    assert client.get(docx_url(draft)).status_code == 404


def test_it_links_a_sides_case_to_its_brief(client, tree):
    position = tree["position"]
    html = client.get(side_url(position, "for")).content.decode()
    assert f'href="{brief_url(position, side="for")}"' in html
    assert f'href="{docx_url(position, side="for")}"' in html


# Exports -------------------------------------------------------------------------------------


def test_it_exports_each_arguments_side_and_says_its_relation_in_words(client, tree):
    debate = tree["position"].debate
    aif = client.get(reverse("interchange:debate", args=[debate.slug, "aif"])).json()
    text_of = {node["nodeID"]: node["text"] for node in aif["nodes"]}
    sides = {text_of[record["node"]]: record["side"] for record in aif["debate_site"]["arguments"]}
    assert sides == {argument.text: side for side in ("for", "against") for argument in tree[side]}
    cards = client.get(reverse("interchange:debate", args=[debate.slug, "cards-txt"])).content.decode()
    # Cards follow Verbatim: a supporting reply is a card in its argument's block, answers sit in an
    # "AT:" (answers to) block under the argument they answer.
    assert "### For: Raids would cripple the cartels.\n\n#### It worked on the Zetas." in cards
    assert "### AT: Raids would cripple the cartels.\n\n#### Raids only splinter the cartels." in cards
