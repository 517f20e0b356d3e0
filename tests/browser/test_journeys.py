"""What students do on the site, in a real browser."""

import re

import pytest

from debate.arguments.models import Position

from .conftest import page_types, screenshot

pytestmark = pytest.mark.browser


def test_it_leads_from_the_overview_to_a_quote_in_the_article_and_back(page, site):
    page.goto(site + "/")
    page.locator("main .card h2 a").first.click()
    page.locator("main .card h3 a").first.click()
    page.get_by_role("link", name=re.compile(r"^Open this argument")).first.click()
    argument_url = page.url
    assert re.search(r"/arguments/\d+/$", argument_url)

    page.locator("figure.evidence figcaption a[href*='#evidence-']").first.click()
    page.wait_for_url(re.compile(r"/sources/[\w-]+/#evidence-\d+$"))
    anchor = page.url.rsplit("#", 1)[1]
    assert page.evaluate("document.querySelector(':target').id") == anchor
    highlighted = page.locator(f"#{anchor}").locator("xpath=ancestor-or-self::a[contains(@class, 'hl')]")
    assert highlighted.is_visible()
    box = highlighted.bounding_box()
    assert box["y"] + box["height"] > 0 and box["y"] < page.viewport_size["height"], "the quote is in view"
    screenshot(page, "journey-quote-in-article")

    evidence_id = anchor.removeprefix("evidence-")
    argument_path = argument_url.removeprefix(site)
    page.locator(f"#cite-{evidence_id} a[href='{argument_path}']").click()
    page.wait_for_url(argument_url)
    assert page.locator("h1").is_visible()


def test_it_folds_and_unfolds_a_reply_thread_with_the_keyboard(page, site):
    page.goto(site + page_types()["position"])
    summary = page.locator("details.replies > summary").first
    replies = page.locator("details.replies").first.locator("> ol.thread")
    assert replies.is_visible()
    for _ in range(200):
        page.keyboard.press("Tab")
        if summary.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the first “Replies” toggle")
    page.keyboard.press("Enter")
    assert replies.is_hidden()
    page.keyboard.press("Enter")
    assert replies.is_visible()
    screenshot(page, "journey-keyboard-thread")


def test_it_searches_from_the_header_and_opens_a_result(page, site):
    page.goto(site + "/")
    page.locator("header").get_by_role("searchbox").fill("cartel leaders")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=cartel\+leaders"))
    results = page.locator("ol.results li a")
    assert results.count() > 0
    screenshot(page, "journey-search")
    target = results.first.get_attribute("href")
    results.first.click()
    page.wait_for_url(re.compile(re.escape(target.split("#")[0])))
    assert page.locator("h1").is_visible()


def test_it_fits_every_page_on_a_small_phone(phone, site):
    too_wide = {}
    for name, path in page_types().items():
        phone.goto(site + path)
        width = phone.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            too_wide[name] = width
        screenshot(phone, f"phone-{name}")
    assert too_wide == {}, f"pages wider than 360 px: {too_wide}"


def test_it_shows_the_argument_map_of_a_position(page, site):
    position = Position.objects.readable().order_by("order", "id").first()
    page.goto(site + position.get_absolute_url())
    page.get_by_role("link", name="Argument map").click()
    page.wait_for_url(re.compile(r"/map/$"))
    picture = page.locator("svg.argument-map")
    assert picture.is_visible()
    nodes = picture.locator("a.map-node-for, a.map-node-against")
    assert nodes.count() == position.arguments.visible().count()
    # The outline links each argument once (and its speaker, when it has one).
    assert page.locator(".map-outline a[href^='/arguments/']").count() == nodes.count()
    page.locator("#picture-heading").evaluate("heading => heading.scrollIntoView()")
    screenshot(page, "journey-argument-map")
    page.emulate_media(color_scheme="dark")
    screenshot(page, "journey-argument-map-dark")
    href = nodes.first.get_attribute("href")
    nodes.first.click()
    page.wait_for_url(site + href)
