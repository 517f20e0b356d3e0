"""The class assignment: read the debate and prepare the case against US raids, on a phone, without an account."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from debate.arguments.models import Position

from .conftest import screenshot

pytestmark = pytest.mark.browser

RAIDS = "covert-special-operations-raids"


def test_it_prepares_the_case_against_the_raids_on_a_phone(phone, site):
    phone.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    position = Position.objects.get(slug=RAIDS)
    against = list(position.arguments.visible().filter(position_stance="against").values_list("id", flat=True))

    phone.goto(site + position.debate.get_absolute_url())
    counted = phone.locator(f"a[href='{position.get_absolute_url()}?side=against']").inner_text()
    assert int(re.search(r"(\d+) arguments? against", counted)[1]) == len(against)

    phone.get_by_role("link", name=position.title, exact=True).click()
    phone.wait_for_url(site + position.get_absolute_url())
    case_against = phone.get_by_role("link", name=re.compile(r"^The case against"))
    box = case_against.bounding_box()
    assert box["y"] + box["height"] <= phone.viewport_size["height"], "the case against is on the first screen"
    screenshot(phone, "phone-position-sides")
    case_against.click()
    phone.wait_for_url(re.compile(r"\?side=against$"))
    shown = phone.locator("main [id^='argument-']:not([id$='-claim'])").evaluate_all(
        "elements => elements.map((element) => Number(element.id.replace('argument-', '')))"
    )
    assert sorted(shown) == sorted(against)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone, "phone-case-against")

    quote = phone.locator("figure.evidence figcaption a[href*='#evidence-']").first
    quote.click()
    phone.wait_for_url(re.compile(r"/sources/[\w-]+/#evidence-\d+$"))
    anchor = phone.url.rsplit("#", 1)[1]
    assert phone.evaluate("document.querySelector(':target').id") == anchor
    phone.go_back()
    phone.wait_for_url(re.compile(r"\?side=against$"))

    cite = phone.locator("figure.evidence details.cite").first
    cite.locator("summary").click()
    mla = cite.locator(".cite-entry", has_text="MLA 9")
    expected = mla.locator(".cite-text").inner_text()
    mla.get_by_role("button", name="Copy the MLA 9 citation").click()
    expect(mla.locator(".copy-status")).to_have_text("Copied")  # the clipboard answers asynchronously
    assert phone.evaluate("navigator.clipboard.readText()") == expected


def test_it_prints_the_case_against_as_a_short_brief(page, site):
    position = Position.objects.get(slug=RAIDS)
    page.goto(site + position.get_absolute_url() + "?side=against")
    screenshot(page, "side-case-against")
    page.get_by_role("link", name="A brief of this case to print").click()
    page.wait_for_url(re.compile(r"/brief/\?side=against$"))
    against = position.arguments.visible().filter(position_stance="against")
    assert page.locator(".brief-argument").count() == against.count()
    screenshot(page, "brief-case-against")
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden() and page.locator(".brief-tools").is_hidden()
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) <= 2, "the case against fits on two pages"
    page.goto(site + reverse("interchange:brief", args=[position.debate.slug, position.slug]))
    pages = len(re.findall(rb"/Type\s*/Page\b", page.pdf(format="A4")))
    assert pages <= 4, f"the whole position's brief (20 arguments, 40 excerpts) prints on {pages} pages"
