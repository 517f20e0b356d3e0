"""A student on a 360 px phone writes an argument the debate already holds and is shown it before proposing."""

import re

import pytest

from debate.arguments.models import Argument, Position
from debate.moderation.models import Proposal

from .conftest import screenshot
from .test_moderation_journey import log_in, make_users

pytestmark = pytest.mark.browser

NEAR_DUPLICATE = (
    "Taking out a kingpin will not end the violence: after Zambada was arrested, rival factions fought in Sinaloa."
)


def test_it_shows_a_student_the_argument_they_are_repeating_as_they_type(phone, site):
    make_users()
    log_in(phone, site, "bob")
    original = Argument.objects.get(slug="removing-kingpins-sparks-faction-wars")
    position = Position.objects.get(slug="covert-special-operations-raids")
    phone.goto(site + f"/propose/positions/{position.pk}/")
    suggestions = phone.locator("[data-similar-arguments]")
    assert suggestions.is_hidden()

    phone.get_by_label("Your argument, in one or two sentences").press_sequentially(NEAR_DUPLICATE, delay=5)
    first = suggestions.locator("li").first
    first.wait_for()
    assert first.get_by_role("link", name=original.text).is_visible()
    assert suggestions.locator("li").count() <= 5
    assert "close to yours" in first.text_content()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    suggestions.scroll_into_view_if_needed()
    screenshot(phone, "phone-similar-arguments")

    # The student takes the hint: their evidence goes to the argument already there.
    first.get_by_role("link", name="Add your evidence to this one instead").click()
    phone.wait_for_url(re.compile(rf"/propose/arguments/{original.pk}/evidence/$"))
    assert not Proposal.objects.exists()
