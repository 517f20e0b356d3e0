"""Every reader page runs the same number of queries for a 10-argument debate as for a 10,000-argument one.

The debates are generated once for this module, inside a transaction that is rolled back when the
module ends, so the rest of the suite never sees them. Each test runs in a savepoint within it.
"""

import pytest
from django.db import transaction
from django.urls import reverse

from debate.arguments.models import Argument
from debate.arguments.views import SIDE_PER_PAGE
from debate.interchange.brief import MAX_ARGUMENTS
from debate.seed.generator import generate_debate
from debate.sources.models import Source, Speaker

pytestmark = pytest.mark.django_db

SIZES = {
    "10 arguments": {"arguments": 10, "depth": 3, "speakers": 4, "sources": 2},
    "1,000 arguments, depth 1": {"arguments": 1_000, "depth": 1, "speakers": 12, "sources": 5},
    "1,000 arguments, depth 1,000": {"arguments": 1_000, "depth": 1_000, "speakers": 6, "sources": 3},
    "10,000 arguments": {"arguments": 10_000, "depth": 8, "speakers": 20, "sources": 20},
}

# The most queries each page may run, whatever the size of the debate.
LIMITS = {
    "debate list": 2,
    "debate": 6,  # the stamp, the debate, its positions, their holders, the sources it quotes, its facts
    "position": 8,
    "position, last page": 8,
    "case for": 6,  # the stamp, the position with its counts, the tree's shape, the page's arguments, their evidence
    "case against, last page": 6,
    "brief of the case against": 5,
    "brief in Word": 5,
    "argument, deepest": 6,  # one of them asks which merged arguments it absorbed
    "argument, top level": 6,
    "speaker index": 2,
    "speaker": 6,
    "source": 4,
    "search": 6,  # the stamp, ranking, the ranking of kinds with few matches, and the hits of each kind
    "API arguments": 4,
    "API arguments, last page": 4,
    "API evidence": 3,
    "API similar arguments": 4,  # the position, the full-text candidates, the capped scan, the matches
}


@pytest.fixture(scope="module")
def debates(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        made = {
            name: generate_debate(**options, seed=index, slug=f"scale-{index}")
            for index, (name, options) in enumerate(SIZES.items())
        }
        yield made
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _uncached(settings):
    settings.PAGE_CACHE_SECONDS = 0  # count the queries of a full render, not of a cache hit


def page_urls(made):
    position = made.biggest_position
    top_level = Argument.objects.filter(position=position, parent=None)
    speaker = Speaker.objects.filter(evidence__arguments__position=position).order_by("id").first()
    source = Source.objects.filter(evidence__arguments__position=position).order_by("id").first()
    against = Argument.objects.filter(position=position, is_visible=True, position_stance="against").count()
    last_side_page = (against + SIDE_PER_PAGE - 1) // SIDE_PER_PAGE or 1
    last_page = {stance: (top_level.filter(stance=stance).count() + 14) // 15 or 1 for stance in ("for", "against")}
    return {
        "debate list": "/",
        "debate": made.debate.get_absolute_url(),
        "position": position.get_absolute_url(),
        "position, last page": f"{position.get_absolute_url()}?for={last_page['for']}&against={last_page['against']}",
        "case for": f"{position.get_absolute_url()}?side=for",
        "case against, last page": f"{position.get_absolute_url()}?side=against&page={last_side_page}",
        "brief of the case against": reverse("interchange:brief", args=[made.debate.slug, position.slug])
        + "?side=against",
        "brief in Word": reverse("interchange:brief_docx", args=[made.debate.slug, position.slug]) + "?side=against",
        "argument, deepest": made.deepest_argument.get_absolute_url(),
        "argument, top level": top_level.order_by("id").first().get_absolute_url(),
        "speaker index": "/speakers/",
        "speaker": speaker.get_absolute_url(),
        "source": source.get_absolute_url(),
        "search": f"/search/?q={max(made.deepest_argument.text.split(), key=len).strip('.,:')}",
        "API arguments": f"/api/v1/arguments/?position={position.pk}",
        "API arguments, last page": f"/api/v1/arguments/?page={(Argument.objects.readable().count() + 49) // 50}",
        "API evidence": "/api/v1/evidence/",
        "API similar arguments": f"/api/v1/arguments/similar/?position={position.pk}&text={made.deepest_argument.text}",
    }


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("page", LIMITS)
def test_it_keeps_the_query_count_of_every_reader_page_flat(client, debates, django_assert_max_num_queries, size, page):
    url = page_urls(debates[size])[page]
    with django_assert_max_num_queries(LIMITS[page]):
        response = client.get(url)
    assert response.status_code == 200, url


def test_it_pages_a_ten_thousand_argument_position(client, debates):
    made = debates["10,000 arguments"]
    response = client.get(made.biggest_position.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<li class="thread-item"') < 2_000
    assert "?for=2" in html and "?against=2" in html
    top_level = Argument.objects.filter(position=made.biggest_position, parent=None).count()
    assert top_level > 900  # so the page is showing 30 of them, not all


def test_it_pages_the_case_of_a_side_and_shortens_its_brief(client, debates):
    position = debates["10,000 arguments"].biggest_position
    against = Argument.objects.filter(position=position, is_visible=True, position_stance="against").count()
    assert against > 2 * SIDE_PER_PAGE
    html = client.get(f"{position.get_absolute_url()}?side=against").content.decode()
    assert html.count('<article class="argument ') == SIDE_PER_PAGE
    assert f"{against} arguments against, at any depth" in html and 'href="?side=against&amp;page=2">Next</a>' in html
    brief = client.get(reverse("interchange:brief", args=[position.debate.slug, position.slug]) + "?side=against")
    html = brief.content.decode()
    assert html.count('<li class="brief-argument') == MAX_ARGUMENTS
    assert f"This brief holds the first {MAX_ARGUMENTS}; the site lists them all." in html


def test_it_opens_the_end_of_a_thread_a_thousand_replies_deep(client, debates):
    made = debates["1,000 arguments, depth 1,000"]
    assert made.deepest_argument.depth == 999
    html = client.get(made.deepest_argument.get_absolute_url()).content.decode()
    assert html.count('class="chain"') == 1
    assert "(999 levels above)" in html
