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


def test_it_shows_the_confirmation_where_the_student_lands(client, bob):
    top = make_argument()
    client.force_login(bob)
    back = f"{top.position.get_absolute_url()}#thread-{top.pk}"
    response = client.post(
        reverse("moderation:flag_argument", args=[top.pk]),
        {"reason": "misattributed", "comment": "Wrong person.", "next": back},
        follow=True,
    )
    assert response.redirect_chain == [(back, 302)]
    html = response.content.decode()
    # A status message that can take the focus; the script moves it next to #thread-<id>.
    assert (
        '<div class="messages" id="messages" role="status" tabindex="-1"><ul>'
        '<li class="message-success">Thank you! A moderator will look at it.</li>' in html
    )
    assert f'id="thread-{top.pk}"' in html and 'src="/static/js/feedback.js"' in html


@pytest.mark.parametrize(
    ("url", "data", "field", "message"),
    [
        ("propose", {"stance": "for", "text": "It works.", "quote": "Never."}, "source", "Choose the article"),
        ("propose", {"stance": "for", "text": "", "quote": ""}, "text", "Write the argument you propose."),
        ("propose-evidence", {"quote": "nobody wrote this", "evidence_kind": "quote"}, "quote", "does not occur"),
        ("flag", {"comment": "Wrong."}, "reason", "This field is required."),
        ("signup", {"username": "dora", "password1": "short", "password2": "short"}, "password2", "too short"),
    ],
)
def test_it_shows_each_error_next_to_its_field(client, bob, url, data, field, message):
    top = make_argument(evidence=[make_evidence()])
    if url == "propose-evidence":
        data["source"] = top.evidence.get().source_id
    if url != "signup":
        client.force_login(bob)
    address = {
        "propose": reverse("moderation:propose_argument", args=[top.position_id]),
        "propose-evidence": reverse("moderation:propose_evidence", args=[top.pk]),
        "flag": reverse("moderation:flag_argument", args=[top.pk]),
        "signup": reverse("accounts:signup"),
    }[url]
    html = client.post(address, data).content.decode()
    # The error list sits right by its field, which is marked invalid and described by it.
    errors = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', html, re.S)
    assert errors and message in errors.group(1)
    described = re.search(rf'<(?:input|textarea|select|fieldset)[^>]*aria-describedby="[^"]*id_{field}_error', html)
    assert described, f"nothing names the error of {field}"
    assert 'aria-invalid="true"' in html[html.index(f'id="id_{field}_error"') :][:3000]
    assert 'src="/static/js/feedback.js"' in html


def test_it_shows_a_failed_login_above_the_form_for_the_script_to_focus(client, bob):
    html = client.post(reverse("accounts:login"), {"username": "bob", "password": "wrong"}).content.decode()
    assert '<ul class="errorlist nonfield">' in html and "correct username and password" in html


def test_it_lets_a_signed_in_student_flag_an_excerpt_where_they_read_it(client, bob):
    evidence = make_evidence()
    top = make_argument(evidence=[evidence])
    page = top.position.get_absolute_url()
    flag = reverse("moderation:flag_evidence", args=[evidence.pk])
    assert flag not in client.get(page).content.decode()  # readers without an account see no Flag link
    client.force_login(bob)
    html = client.get(page).content.decode()
    link = f'href="{flag}?next={page}%23cited-{top.pk}-{evidence.pk}">Flag'
    assert link in html and f'id="cited-{top.pk}-{evidence.pk}"' in html
    own_page = top.get_absolute_url()
    assert f'href="{flag}?next={own_page}%23cited-{top.pk}-{evidence.pk}">Flag' in client.get(own_page).content.decode()
    response = client.post(flag, {"reason": "misattributed", "comment": "Not his words.", "next": f"{page}#x"})
    assert response.status_code == 302 and response["Location"] == f"{page}#x"
    assert evidence.flags.get().author == bob


def test_it_has_a_favicon_and_answers_its_old_address(client):
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/favicon.svg"


def test_it_shortens_a_long_speaker_description_after_its_first_mention(client):
    officer = make_speaker("a former Marine officer who worked with special operations in Afghanistan")
    mayor = make_speaker("The mayor")
    source = make_source()
    first = make_evidence(source, "We will not accept it,", speaker=officer)
    second = make_evidence(source, "Never.", speaker=officer)
    position = make_position()
    make_argument(position, evidence=[first], speaker=mayor)
    make_argument(position, evidence=[second], speaker=mayor)
    html = client.get(position.get_absolute_url()).content.decode()
    url = officer.get_absolute_url()
    assert html.count(f'<a href="{url}">{officer.name}</a>') == 1
    short = f'<a class="speaker-short" href="{url}" title="{officer.name}">a former Marine officer who worked…</a>'
    assert html.count(short) == 1
    assert html.index(f'<a href="{url}">') < html.index(short)
    assert html.count(f'<a href="{mayor.get_absolute_url()}">The mayor</a>') == 2  # short names stay whole
