"""Smaller things a student hits while reading and proposing: the evidence picker, confirmations and
errors, flagging an excerpt where it is read, the favicon, and long speaker descriptions."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from debate.arguments.models import Position
from debate.sources.models import Evidence

from .factories import make_argument, make_evidence, make_position, make_source, make_speaker

pytestmark = pytest.mark.django_db


def fieldsets(html):
    """The legends of the evidence picker's fieldsets, in order."""
    picker = html[html.index('class="evidence-picker"') :]
    return re.findall(r"<legend>([^<]*)</legend>", picker[: picker.index("</form>")])


def test_it_offers_every_excerpt_whole_grouped_by_article_and_speaker(client, seeded, bob):
    position = Position.objects.get(slug="covert-special-operations-raids")
    client.force_login(bob)
    html = client.get(reverse("moderation:propose_argument", args=[position.pk])).content.decode()
    offered = Evidence.objects.filter(arguments__position__debate=position.debate_id).distinct()
    assert html.count('name="cited_evidence"') == offered.count() > 40
    longest = max(offered, key=lambda evidence: len(evidence.quote))
    assert len(longest.quote) > 160 and escape(longest.quote) in html  # whole, not cut
    legends = fieldsets(html)
    assert legends[0] == "Evidence from the article that supports it"
    source = offered.first().source
    assert legends[1] == f"In “{source.title}”"
    # Each speaker is one group with all their excerpts, in the order they first speak in the article.
    speakers = []
    for evidence in offered.order_by("start"):
        if evidence.reader_attribution not in speakers:
            speakers.append(evidence.reader_attribution)
    assert legends[2:] == speakers
    assert 'id="evidence-filter"' in html and 'src="/static/js/evidence-filter.js"' in html


def test_it_says_what_the_stance_is_for_or_against(client, bob):
    position = make_position(title="Raids are lawful")
    top = make_argument(position, text="The treaty allows them.")
    client.force_login(bob)
    html = client.get(reverse("moderation:propose_argument", args=[position.pk])).content.decode()
    assert "<legend>For or against the position “Raids are lawful”</legend>" in html
    html = client.get(reverse("moderation:propose_reply", args=[top.pk])).content.decode()
    assert "<legend>For or against the argument “The treaty allows them.”</legend>" in html


def test_it_sends_the_ticked_excerpts_with_the_proposal(client, bob):
    source = make_source()
    governor, minister = make_speaker("The governor"), make_speaker("The minister")
    refusal = make_evidence(source, "We will not accept it,", speaker=governor)
    plan = make_evidence(source, "the plan would work", speaker=minister)
    top = make_argument(evidence=[refusal, plan])
    client.force_login(bob)
    url = reverse("moderation:propose_reply", args=[top.pk])
    assert fieldsets(client.get(url).content.decode())[2:] == ["The minister", "The governor"]
    response = client.post(url, {"stance": "against", "text": "It will fail.", "cited_evidence": [refusal.pk]})
    assert response.status_code == 302
    assert list(top.proposed_replies.get().cited_evidence.all()) == [refusal]
