"""A debate's background brief, its glossary marked on reader pages, its facts and its sources' timeline."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from debate.arguments.background import GlossaryMarker, sanitised_background
from debate.core.models import BACKGROUND_MAX_LENGTH
from tests.conftest import PASSWORD
from tests.factories import make_argument, make_debate, make_evidence, make_position, make_source

GLOSSARY = [
    {"term": "sicarios", "definition": "Hired killers working for drug cartels."},
    {"term": "HVT", "definition": "A high-value target: a leader singled out for capture or killing."},
    {"term": "Plan Colombia", "definition": "A US aid programme against drug trafficking in Colombia."},
]


def marker(entries=GLOSSARY):
    return GlossaryMarker(entries, "/debates/d/")


# Sanitising -----------------------------------------------------------------


def test_it_removes_scripts_event_handlers_and_javascript_links_from_the_background():
    html = sanitised_background(
        "<script>alert(1)</script><p>Read <img src=x onerror=alert(2)> this "
        '<a href="javascript:alert(3)">link</a> and <a href="https://example.org/" onclick="x()">that</a>.</p>'
    )
    assert "<script" not in html and "alert(1)" not in html
    assert "onerror" not in html and "<img" not in html
    assert "javascript:" not in html and "onclick" not in html
    assert 'href="https://example.org/"' in html


def test_it_keeps_paragraphs_bold_italic_lists_and_links():
    html = sanitised_background(
        "First <strong>bold</strong> and <em>italic</em>.\n\nSecond paragraph.\n\n<ul><li>one</li></ul>"
    )
    assert "<p>First <strong>bold</strong> and <em>italic</em>.</p>" in html
    assert "<p>Second paragraph.</p>" in html
    assert "<ul><li>one</li></ul>" in html


def test_it_refuses_a_background_longer_than_its_limit(db):
    debate = make_debate()
    debate.background = "x" * (BACKGROUND_MAX_LENGTH + 1)
    with pytest.raises(ValidationError) as error:
        debate.save()
    assert "background" in error.value.message_dict


@pytest.mark.parametrize(
    "glossary",
    [
        "not a list",
        [{"term": "a"}],
        [{"term": "war", "definition": "x"}, {"term": "War", "definition": "y"}],
        [{"term": "<b>", "definition": "x"}],
        [{"term": "war", "definition": ""}],
    ],
)
def test_it_refuses_a_malformed_glossary(db, glossary):
    with pytest.raises(ValidationError) as error:
        make_debate(glossary=glossary)
    assert "glossary" in error.value.message_dict


# Marking --------------------------------------------------------------------


def test_it_marks_only_the_first_use_of_each_term_on_a_page():
    page = marker()
    first = page.mark_text("Sicarios work for capos; sicarios are paid.")
    second = page.mark_text("More sicarios.")
    assert first.count('class="gloss-term"') == 1
    assert ">Sicarios</a>" in first
    assert "gloss" not in second


def test_it_marks_whole_words_case_insensitively_longest_term_first():
    page = marker()
    html = page.mark_text("The HVTs list was long; an hvt and PLAN COLOMBIA mattered.")
    assert ">HVTs<" not in html and ">hvt</a>" in html
    assert ">PLAN COLOMBIA</a>" in html
    assert "<strong>Plan Colombia</strong>: A US aid programme" in html


def test_it_keeps_escaped_text_escaped_and_never_marks_inside_an_entity():
    entries = [{"term": "amp", "definition": "An amplifier."}, {"term": "lt", "definition": "Lieutenant."}]
    html = marker(entries).mark_text("<script>alert('sicarios')</script> & amp")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&amp; " in html and html.count('class="gloss-term"') == 1 and ">amp</a>" in html


def test_it_never_marks_a_term_inside_an_attribute_or_a_link():
    html = marker().mark_html(
        sanitised_background(
            '<p><a href="https://example.org/sicarios" title="sicarios">sicarios abroad</a> and then sicarios.</p>'
        )
    )
    assert 'href="https://example.org/sicarios"' in html and 'title="sicarios"' in html
    assert ">sicarios abroad</a>" in html
    assert html.count('class="gloss-term"') == 1
    assert html.index('class="gloss-term"') > html.index("and then")


# Pages ----------------------------------------------------------------------


@pytest.fixture
def debate(db):
    source = make_source(
        text="The minister said sicarios were paid.\nAnalysts counted 40 sicarios in 2010.\nA capo was seized.",
        title="Dated report",
        published_on=datetime.date(2020, 3, 1),
    )
    undated = make_source(text="An HVT was named in the report.", title="Undated note")
    debate = make_debate(background="Sicarios and <strong>HVT</strong> lists.", glossary=GLOSSARY)
    position = make_position(debate=debate, summary="A plan against sicarios.")
    fact = make_evidence(source=source, quote="Analysts counted 40 sicarios in 2010.", kind="fact")
    quote = make_evidence(source=source, quote="sicarios were paid")
    other = make_evidence(source=undated, quote="An HVT was named", kind="fact")
    make_argument(position, text="Sicarios are the HVT of the plan.", evidence=[fact, quote])
    make_argument(position, text="Second claim about sicarios.", evidence=[other])
    return debate


def test_it_shows_the_background_and_glossary_and_marks_each_term_once(client, debate):
    html = client.get(debate.get_absolute_url()).content.decode()
    assert "<strong>" in html and "Background" in html
    assert html.count('class="gloss-term"') == 2  # sicarios and HVT, both first used in the background
    assert f'href="{debate.get_absolute_url()}#glossary-sicarios"' in html
    assert 'id="glossary-plan-colombia"' in html
    assert "js/glossary.js" in html


def test_it_marks_the_terms_on_the_position_and_argument_pages(client, debate):
    position = debate.positions.get()
    html = client.get(position.get_absolute_url()).content.decode()
    assert html.count('class="gloss-term"') == 2
    argument = position.arguments.order_by("id").first()
    html = client.get(argument.get_absolute_url()).content.decode()
    assert html.count('class="gloss-term"') == 2
    html = client.get(position.get_absolute_url() + "?side=for").content.decode()
    assert html.count('class="gloss-term"') == 2


def test_it_shows_the_debates_facts_linked_to_their_excerpts(client, debate):
    html = client.get(debate.get_absolute_url()).content.decode()
    facts = html[html.index("Did you know?") : html.index("Glossary</h2>")]
    assert "Analysts counted 40" in facts and "An HVT was named" in facts
    assert "sicarios were paid" not in facts  # a quote, not a reported fact
    fact = debate.positions.get().arguments.first().evidence.get(kind="fact")
    assert f'href="{fact.get_absolute_url()}"' in facts


def test_it_lists_the_sources_by_date_with_undated_ones_last(client, debate):
    html = client.get(debate.get_absolute_url()).content.decode()
    timeline = html[html.index("Timeline of the sources") :]
    assert timeline.index("1 March 2020") < timeline.index("Dated report") < timeline.index("n.d.")
    assert timeline.index("n.d.") < timeline.index("Undated note")


def test_it_keeps_the_number_of_queries_flat_whatever_the_glossary(client, debate):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    position = debate.positions.get()
    counts = {}
    for size in (0, 3):
        debate.refresh_from_db()
        debate.glossary = GLOSSARY[:size]
        debate.save()
        for url in (debate.get_absolute_url(), position.get_absolute_url()):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts.setdefault(url, []).append(len(queries))
    assert all(without == with_ for without, with_ in counts.values()), counts


# API ------------------------------------------------------------------------


def test_it_gives_everyone_the_background_and_glossary_in_the_api(client, debate):
    data = client.get(f"/api/v1/debates/{debate.pk}/").json()
    assert data["background"] == "Sicarios and <strong>HVT</strong> lists."
    assert data["background_html"] == "<p>Sicarios and <strong>HVT</strong> lists.</p>"
    assert data["glossary"] == GLOSSARY


def test_it_lets_a_moderator_write_the_background_and_glossary_through_the_api(alice, debate):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(alice)
    glossary = [{"term": "AUMF", "definition": "The 2001 law authorising force against the 9/11 attackers."}]
    response = api.patch(
        f"/api/v1/debates/{debate.pk}/",
        {"background": "New <em>brief</em>.", "glossary": glossary, "version": debate.version},
        format="json",
    )
    assert response.status_code == 200, response.json()
    debate.refresh_from_db()
    assert debate.background == "New <em>brief</em>." and debate.glossary == glossary
    response = api.patch(
        f"/api/v1/debates/{debate.pk}/",
        {"glossary": [{"term": "AUMF", "definition": "x"}, {"term": "aumf", "definition": "y"}], "version": 2},
        format="json",
    )
    assert response.status_code == 400 and "glossary" in response.json()


def test_it_refuses_background_and_glossary_writes_from_students(bob, debate):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(bob)
    response = api.patch(
        f"/api/v1/debates/{debate.pk}/", {"background": "Mine.", "version": debate.version}, format="json"
    )
    assert response.status_code == 403
    debate.refresh_from_db()
    assert debate.background == "Sicarios and <strong>HVT</strong> lists."


def test_it_lets_a_moderator_edit_the_glossary_in_the_workspace(client, alice, debate):
    client.login(username="alice", password=PASSWORD)
    url = f"/moderate/debates/{debate.pk}/edit/"
    form = client.get(url).content.decode()
    assert "sicarios: Hired killers working for drug cartels." in form
    response = client.post(
        url,
        {
            "motion": debate.motion,
            "slug": debate.slug,
            "summary": "",
            "background": "Plain text.",
            "glossary": "capo: The boss of a drug cartel.\n\nnear-peer: A rival nearly as strong as the US.",
            "status": "published",
            "version": debate.version,
        },
    )
    assert response.status_code == 302
    debate.refresh_from_db()
    assert debate.glossary == [
        {"term": "capo", "definition": "The boss of a drug cartel."},
        {"term": "near-peer", "definition": "A rival nearly as strong as the US."},
    ]
    response = client.post(
        url,
        {
            "motion": debate.motion,
            "slug": debate.slug,
            "glossary": "no colon here",
            "status": "published",
            "version": debate.version,
        },
    )
    assert response.status_code == 200 and "needs a term, a colon and a definition" in response.content.decode()
