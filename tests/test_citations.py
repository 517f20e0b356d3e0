import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from debate.core.models import Status
from debate.sources.citations import source_citations
from debate.sources.models import Source

from .factories import make_argument, make_evidence, make_source

pytestmark = pytest.mark.django_db

SEED_TITLE = "Here’s What Trump’s Mexico Invasion Plan Could Look Like"


def added_on(source, day):
    """Pretend the source was added to the site on ``day`` (created_at is set on insert)."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    Source.objects.filter(pk=source.pk).update(created_at=moment)
    source.refresh_from_db()
    return source


@pytest.fixture
def full_source():
    source = make_source(
        title="Raids and Rules: Will They Work?",
        publication="The Border Times",
        byline="By Jane Q. Smith and John Doe",
        published_on=datetime.date(2024, 3, 5),
        url="https://example.com/raids",
    )
    return added_on(source, datetime.date(2026, 11, 3))


@pytest.fixture
def seed_source(seeded):
    return added_on(Source.objects.get(publication="Rolling Stone"), datetime.date(2026, 11, 3))


def test_it_cites_a_source_with_full_metadata_in_three_styles(full_source):
    assert source_citations(full_source) == {
        "mla": "Smith, Jane Q., and John Doe. “Raids and Rules: Will They Work?” The Border Times, "
        "5 Mar. 2024, https://example.com/raids.",
        "apa": "Smith, J. Q., & Doe, J. (2024, March 5). Raids and Rules: Will They Work? The Border Times. "
        "https://example.com/raids",
        "chicago": "Smith, Jane Q., and John Doe. “Raids and Rules: Will They Work?” The Border Times, "
        "March 5, 2024. https://example.com/raids.",
    }


def test_it_cites_the_seed_article_without_inventing_an_author_or_a_date(seed_source):
    assert source_citations(seed_source) == {
        # MLA 9 leaves out a date it does not have and gives the access date instead.
        "mla": f"“{SEED_TITLE}.” Rolling Stone. Accessed 3 Nov. 2026.",
        "apa": f"{SEED_TITLE}. (n.d.). Rolling Stone.",
        # Chicago puts an unsigned magazine article under the magazine's name.
        "chicago": f"Rolling Stone. “{SEED_TITLE}.” n.d.",
    }


def test_it_keeps_a_byline_that_is_not_a_list_of_names_as_written():
    source = added_on(make_source(title="Floods", byline="Staff and wire reports"), datetime.date(2026, 1, 2))
    citations = source_citations(source)
    assert citations["mla"].startswith("Staff and wire reports. Floods.")
    assert "(n.d.)" in citations["apa"]


def test_it_cites_an_edited_source_afresh(full_source):
    assert "The Border Times" in source_citations(full_source)["mla"]
    full_source.publication = "The Gulf Times"
    full_source.save()
    assert "The Gulf Times" in source_citations(full_source)["mla"]


def test_it_lists_every_published_source_with_publication_byline_and_date(client, seed_source, full_source):
    make_source(title="An unpublished draft", status=Status.DRAFT)
    html = client.get("/sources/").content.decode()
    seed_entry = html[html.index(SEED_TITLE) :][:600]
    assert "Rolling Stone" in seed_entry and "n.d." in seed_entry
    assert "Jane Q. Smith and John Doe" in html and "2024-03-05" in html
    assert "An unpublished draft" not in html
    assert 'href="/sources/"' in html  # the site navigation leads here


def test_it_pages_a_long_list_of_sources(client):
    for n in range(51):
        make_source(title=f"Article {n:02d}")
    first = client.get("/sources/").content.decode()
    second = client.get("/sources/?page=2").content.decode()
    assert "Page 1 of 2" in first and "Article 49" in first and "Article 50" not in first
    assert "Article 50" in second


def test_it_shows_citations_with_copy_buttons_on_the_source_page(client, seed_source):
    html = client.get(seed_source.get_absolute_url()).content.decode()
    assert html.count("<summary>Cite this") == 1 + seed_source.evidence.count()
    assert "Accessed 3 Nov. 2026." in html and "(n.d.). Rolling Stone." in html
    assert '<button type="button" class="copy-button" hidden>Copy' in html
    assert 'src="/static/js/cite.js"' in html
    assert "Original address unknown." in html


def test_it_links_the_original_address_without_passing_on_the_reader(client, full_source):
    html = client.get(full_source.get_absolute_url()).content.decode()
    assert '<a href="https://example.com/raids" rel="noopener noreferrer">https://example.com/raids</a>' in html


def test_it_offers_a_citation_wherever_an_argument_shows_its_evidence(client, full_source):
    evidence = make_evidence(full_source)
    argument = make_argument(evidence=[evidence])
    for address in (argument.get_absolute_url(), argument.position.get_absolute_url()):
        html = client.get(address).content.decode()
        assert 'Cite this<span class="visually-hidden"> this excerpt</span>' in html
        assert "Smith, J. Q., &amp; Doe, J. (2024, March 5)." in html


def test_it_lists_the_sources_a_debate_draws_on(client, seeded, full_source):
    html = client.get("/debates/us-military-force-against-mexican-cartels/").content.decode()
    sources = html[html.index("<h2>Sources</h2>") : html.index("<h2>Download</h2>")]
    assert "Rolling Stone" in sources and "n.d." in sources
    assert "Raids and Rules" not in sources  # on the site, but no argument of this debate quotes it


def test_it_gives_the_api_sources_and_evidence_their_citations(client, seed_source):
    expected = source_citations(seed_source)
    source = client.get(f"/api/v1/sources/{seed_source.pk}/").json()
    assert source["citations"] == expected
    evidence = client.get("/api/v1/evidence/", {"source": seed_source.pk}).json()["results"]
    assert evidence and all(item["citations"] == expected for item in evidence)


def test_it_builds_api_citations_without_a_query_per_row(client, full_source):
    def queries_for_list():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/evidence/").status_code == 200
        return len(queries)

    make_evidence(full_source, quote="We will not accept it,")
    few = queries_for_list()
    for quote in ("The minister said", "Analysts doubt the numbers add up."):
        make_evidence(make_source(title=f"Another {quote}"), quote=quote)
    assert queries_for_list() == few


def test_it_documents_citations_in_the_api_schema(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert re.search(r"Citations.{0,200}mla", schema, re.DOTALL)
