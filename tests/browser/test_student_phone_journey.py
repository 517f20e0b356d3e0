"""A student on a 360 px phone: the argument map, and answering an argument with the evidence picker."""

import re

import pytest
from django.urls import reverse

from debate.arguments.models import Argument, Position
from debate.moderation.models import Proposal
from debate.sources.models import Evidence

from .conftest import screenshot
from .test_moderation_journey import PASSWORD, make_users

pytestmark = pytest.mark.browser


def in_view(page, locator):
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + min(box["height"], 40) <= page.viewport_size["height"]


def test_it_reads_the_argument_map_on_a_phone(phone, site):
    position = Position.objects.get(slug="covert-special-operations-raids")
    phone.goto(site + reverse("arguments:position_map", args=[position.debate.slug, position.slug]))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    # The outline comes first and reads at phone width.
    outline = phone.locator(".map-outline > li").first
    assert outline.bounding_box()["y"] < phone.locator("#map-picture").bounding_box()["y"]
    assert outline.bounding_box()["width"] <= 360
    screenshot(phone, "phone-map-outline")

    # The picture keeps its full size in a window that scrolls sideways, and zooms out to show more.
    frame = phone.locator("#map-picture")
    frame.scroll_into_view_if_needed()
    natural = frame.evaluate("frame => frame.querySelector('svg').getBoundingClientRect().width")
    assert frame.evaluate("frame => frame.scrollWidth > frame.clientWidth")
    screenshot(phone, "phone-map-picture")
    phone.get_by_role("button", name="Zoom out of the map").click()
    phone.get_by_role("button", name="Zoom out of the map").click()
    assert phone.locator("[data-zoom-level]").text_content() == "50%"
    zoomed = frame.evaluate("frame => frame.querySelector('svg').getBoundingClientRect().width")
    assert zoomed == pytest.approx(natural / 2, abs=2)
    # Still the side colours: arguments for and against are drawn differently.
    strokes = phone.evaluate(
        """() => ['for', 'against'].map(side => getComputedStyle(
            document.querySelector(`.map-node-${side} .map-box`)).stroke)"""
    )
    assert strokes[0] != strokes[1]
    frame.scroll_into_view_if_needed()
    screenshot(phone, "phone-map-zoomed-out")
    phone.get_by_role("button", name="Full size").click()
    assert phone.locator("[data-zoom-level]").text_content() == "100%"


def test_it_answers_an_argument_with_evidence_picked_on_a_phone(phone, site):
    make_users()
    phone.goto(site + "/accounts/login/")
    phone.get_by_label("Username").fill("bob")
    phone.get_by_label("Password").fill(PASSWORD)
    phone.keyboard.press("Enter")
    phone.wait_for_url(site + "/")
    position = Position.objects.get(slug="covert-special-operations-raids")
    argument = Argument.objects.readable().filter(position=position, parent=None).order_by("id")[2]
    phone.goto(site + position.get_absolute_url())
    phone.locator(f"#thread-{argument.pk} > article").get_by_role("link", name="Reply to this argument").click()
    phone.wait_for_url(re.compile(r"/propose/"))
    assert phone.get_by_role("group", name=re.compile(r"^For or against the argument “")).is_visible()
    screenshot(phone, "phone-proposal-form")

    # The picker: grouped, whole quotes, rows a thumb can hit, and a filter box.
    rows = phone.locator("[data-filter-item]")
    total = rows.count()
    assert total > 40
    heights = rows.evaluate_all("rows => rows.map(row => row.querySelector('label').getBoundingClientRect().height)")
    assert min(heights) >= 44
    phone.get_by_label(re.compile(r"^Find evidence")).fill("marine officer")
    shown = phone.locator("[data-filter-item]:visible")
    assert 0 < shown.count() < total
    assert phone.locator("[data-filter-count]").text_content().startswith(f"Showing {shown.count()} of {total}")
    for text in shown.all_text_contents():
        assert text.strip()
    shown.first.scroll_into_view_if_needed()
    screenshot(phone, "phone-evidence-picker-filtered")
    shown.first.locator("label").click()
    ticked = shown.first.locator("input").get_attribute("value")
    phone.get_by_label(re.compile(r"^Find evidence")).fill("")
    assert phone.locator("[data-filter-item]:visible").count() == total

    # A passage the article does not hold: the error is by its field, and the focus is on that field.
    phone.get_by_role("radio", name="Against", exact=True).check()
    phone.get_by_label("Your argument, in one or two sentences").fill("Raids would only scatter the cartels.")
    phone.get_by_label("Article", exact=True).select_option(index=1)
    phone.get_by_label(re.compile(r"^Or paste a passage")).fill("a sentence nobody wrote")
    phone.get_by_role("button", name="Send to the moderators").click()
    phone.wait_for_load_state()
    assert phone.evaluate("document.activeElement.id") == "id_quote"
    assert in_view(phone, phone.locator("#id_quote_error"))
    screenshot(phone, "phone-proposal-error")
    assert phone.locator(f"input[name=cited_evidence][value='{ticked}']").is_checked()

    # Typed with straight quotes and a hyphen, the article's passage is found; the thanks shows where we land.
    passage = Evidence.objects.filter(quote__contains="’").order_by("id").first().quote
    phone.get_by_label(re.compile(r"^Or paste a passage")).fill(passage.replace("’", "'").replace("—", " - "))
    phone.get_by_role("button", name="Send to the moderators").click()
    phone.wait_for_url(re.compile(rf"#thread-{argument.pk}$"))
    message = phone.locator("#messages")
    assert "waiting for a moderator" in message.text_content()
    assert phone.evaluate("document.activeElement.id") == "messages"
    assert in_view(phone, message)
    assert message.evaluate(f"m => m.closest('#thread-{argument.pk}') !== null")
    screenshot(phone, "phone-proposal-sent")
    proposal = Proposal.objects.get(text="Raids would only scatter the cartels.")
    assert proposal.quote == passage and [e.pk for e in proposal.cited_evidence.all()] == [int(ticked)]
