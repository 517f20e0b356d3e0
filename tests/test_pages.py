import pytest

from debate.arguments.models import Argument, Debate, Position
from debate.sources.models import Evidence, Source, Speaker

pytestmark = pytest.mark.django_db


def test_it_lists_the_seeded_debate(client, seeded):
    debate = Debate.objects.get()
    response = client.get("/")
    assert debate.motion in response.content.decode()


def test_it_shows_the_motion_with_its_positions_and_counts(client, seeded):
    debate = Debate.objects.get()
    html = client.get(debate.get_absolute_url()).content.decode()
    for position in debate.positions.all():
        assert position.title in html
    for position in debate.positions.all():
        assert f'href="{position.get_absolute_url()}?side=for"' in html
        assert f'href="{position.get_absolute_url()}?side=against"' in html
    assert "at any depth, replies included" in html


def test_it_serves_every_page_of_the_seeded_debate(client, seeded):
    urls = ["/", "/speakers/", "/search/?q=cartel"]
    urls += [d.get_absolute_url() for d in Debate.objects.all()]
    urls += [p.get_absolute_url() for p in Position.objects.all()]
    urls += [a.get_absolute_url() for a in Argument.objects.all()]
    urls += [s.get_absolute_url() for s in Speaker.objects.all()]
    urls += [s.get_absolute_url() for s in Source.objects.all()]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"<title>" in response.content


def test_it_highlights_every_evidence_excerpt_on_the_source_page(client, seeded):
    source = Source.objects.get()
    html = client.get(source.get_absolute_url()).content.decode()
    for evidence in Evidence.objects.all():
        assert f'id="evidence-{evidence.pk}"' in html
        assert f'id="cite-{evidence.pk}"' in html


def test_it_links_a_quote_on_the_source_page_to_the_arguments_citing_it(client, seeded):
    evidence = Evidence.objects.get(quote__startswith="Let me make this abundantly clear")
    html = client.get(evidence.source.get_absolute_url()).content.decode()
    citation = html[html.index(f'id="cite-{evidence.pk}"') :]
    citation = citation[: citation.index("</li>\n    \n    <li")] if "</li>\n    \n    <li" in citation else citation
    for argument in evidence.arguments.all():
        assert argument.get_absolute_url() in html


def test_it_shows_a_speakers_quotes_and_stance(client, seeded):
    speaker = Speaker.objects.get(slug="carolyn-gallaher")
    html = client.get(speaker.get_absolute_url()).content.decode()
    for evidence in speaker.evidence.all():
        assert evidence.quote in html
    assert "Stance at a glance" in html
