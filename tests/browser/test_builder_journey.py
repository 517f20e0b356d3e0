"""A teacher's job in a real browser: a new article imported and turned into a published debate with
two positions and four arguments citing nine quotes, counting every click and every field filled."""

import re

import pytest

from debate.arguments.models import Argument, Debate

from .conftest import screenshot
from .test_moderation_journey import log_in, make_users

pytestmark = pytest.mark.browser

# Written for this test (not the seed, not the extractor's test articles): nine quotations from three people.
ARTICLE = """The city council of Millbrook voted on Tuesday to study a four-day school week, after months of debate over teacher shortages.
"We cannot hire enough teachers for five days, so we must be honest about four," said Mayor Dana Whitfield. Whitfield added that "families deserve a schedule we can actually staff." She later told reporters, "Nothing about this is decided yet."
Parents were divided. "A fourth day of childcare will cost working families hundreds of dollars a month," said Marcus Osei, who leads the Millbrook Parents Association. Osei warned that "the poorest children will lose the most learning." He also said, "We want more teachers, not fewer school days."
Dr. Priya Raman, an education researcher at the state university, said the evidence was mixed. "Districts that moved to four days saw small drops in math scores," Raman said. "Teacher retention improved in most of those districts," she added. Raman cautioned that "a shorter week is not a cure for low pay."
"""  # noqa: E501

# Each argument: its claim, its side, and the words of the quotes it cites.
ARGUMENTS = [
    ("A four-day week is the honest answer to the teacher shortage.", "for", ["We cannot hire", "families deserve"]),
    ("Families would pay for the missing day.", "against", ["A fourth day of childcare", "the poorest children"]),
    (
        "Fewer days would keep teachers who would otherwise leave.",
        "for",
        ["We want more teachers", "Teacher retention"],
    ),
    (
        "The evidence shows lost learning and no fix for pay.",
        "against",
        ["Nothing about", "Districts that", "a shorter week"],
    ),
]
MAX_ACTIONS = 30


class Counted:
    """The teacher's actions: each click, key press and field filled counts one."""

    def __init__(self, page):
        self.page, self.count, self.not_found = page, 0, []
        page.on("response", self._watch)

    def _watch(self, response):
        if response.request.is_navigation_request() and response.status == 404:
            self.not_found.append(response.url)

    def click(self, locator):
        self.count += 1
        locator.click()

    def fill(self, locator, value):
        self.count += 1
        locator.fill(value)

    def press(self, locator, key):
        self.count += 1
        locator.press(key)


def test_it_turns_a_new_article_into_a_published_debate_in_at_most_30_actions(browser, site):
    make_users()
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(page, site, "alice")
    page.goto(site + "/moderate/")
    teacher = Counted(page)

    teacher.click(page.get_by_role("link", name="Import an article"))
    teacher.fill(page.get_by_label("Paste the article's text"), ARTICLE)
    teacher.fill(page.locator("#id_title"), "Council to study a four-day school week")
    teacher.click(page.get_by_role("button", name="Import and find quotations"))
    page.wait_for_url(re.compile(r"/moderate/articles/\d+/$"))
    for person in ("Dana Whitfield", "Marcus Osei", "Priya Raman"):
        teacher.click(page.get_by_role("button", name=f"Accept all 3 remaining from {person}").first)
        page.wait_for_load_state()
    teacher.click(page.get_by_role("button", name="Save accepted as evidence (9)"))
    page.wait_for_load_state()
    teacher.click(page.get_by_role("link", name="Build a debate from this article"))
    page.wait_for_url(re.compile(r"/moderate/build/\?source=\d+$"))

    teacher.fill(page.get_by_label("Motion", exact=True), "Millbrook should move to a four-day school week")
    teacher.fill(page.get_by_label("Position 1", exact=True), "Move to four days")
    teacher.fill(page.get_by_label("Position 2", exact=True), "Keep five days")
    rows = page.locator("[data-row]")
    for index, (claim, side, quotes) in enumerate(ARGUMENTS):
        row = rows.nth(index)
        teacher.fill(row.get_by_label(re.compile(r"^Claim of argument")), claim)
        if index == 1:
            # The second answers the first: Alt+→ in its claim makes it a reply.
            teacher.press(row.get_by_label(re.compile(r"^Claim of argument")), "Alt+ArrowRight")
        if side == "against":
            teacher.click(row.get_by_role("radio", name="Against"))
        for words in quotes:
            teacher.click(row.locator("label", has_text=words))
    assert rows.nth(1).get_attribute("data-depth") == "1"
    screenshot(page, "builder-outline-1280")
    page.set_viewport_size({"width": 360, "height": 800})
    rows.nth(1).scroll_into_view_if_needed()
    screenshot(page, "builder-outline-360")
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    page.set_viewport_size({"width": 1280, "height": 900})

    teacher.click(page.get_by_role("button", name="Save the outline as drafts"))
    page.wait_for_url(re.compile(r"/moderate/build/\d+/"))
    assert "Saved as drafts" in page.content()
    page.locator("#publish").scroll_into_view_if_needed()
    screenshot(page, "builder-publish-1280")
    teacher.click(page.get_by_role("button", name="Publish the debate"))
    debate = Debate.objects.get(motion="Millbrook should move to a four-day school week")
    page.wait_for_url(re.compile(re.escape(debate.get_absolute_url()) + "$"))

    print(f"\nImport an article → published debate: {teacher.count} clicks, keys and fields")
    assert teacher.count <= MAX_ACTIONS
    assert teacher.not_found == []

    reader = browser.new_context().new_page()
    reader.goto(site + debate.get_absolute_url())
    assert reader.get_by_role("heading", name=debate.motion).is_visible()
    claims, quotes = [], []
    for position in debate.positions.order_by("order"):
        reader.goto(site + position.get_absolute_url())
        claims += reader.locator("p.claim").all_inner_texts()
        quotes += reader.locator(".argument blockquote").all_inner_texts()
    assert sorted(claims) == sorted(claim for claim, _, _ in ARGUMENTS)
    assert len(set(quotes)) == 9
    reply = Argument.objects.get(text=ARGUMENTS[1][0])
    assert reply.parent.text == ARGUMENTS[0][0] and reply.position_stance == "against"
    page.context.close()
    reader.context.close()
