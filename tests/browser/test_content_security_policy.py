"""The Content-Security-Policy blocks nothing the site itself needs: no page reports a violation in Chromium."""

import pytest

from .conftest import page_types
from .test_moderation_journey import log_in, logged_in_pages, with_a_proposal

pytestmark = pytest.mark.browser

# Registered before any page script runs; the browser fires this event for everything the policy blocks.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", event => {
    window.cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} `
        + `(${event.sourceFile}:${event.lineNumber})`);
});
"""


def open_page(browser, site, username):
    """A page that records policy violations in ``window.cspViolations`` and header errors in ``page.errors``."""
    page = browser.new_context().new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    page.errors = []
    page.on("console", lambda message: page.errors.append(message.text) if "Policy" in message.text else None)
    if username:
        log_in(page, site, username)
    return page


def test_it_reports_no_policy_violation_on_any_kind_of_page(browser, site):
    with_a_proposal()
    found = {}
    readers = [*page_types().values(), "/api/docs/", "/api/v1/", "/api/v1/arguments/", "/admin/login/"]
    pages = {}
    for username, path in [(None, path) for path in readers] + list(logged_in_pages().values()):
        if username not in pages:
            pages[username] = open_page(browser, site, username)
        page = pages[username]
        page.errors.clear()
        page.goto(site + path)
        page.wait_for_load_state("networkidle")
        # Violations are also written to the console; the event says it more briefly.
        blocked = page.evaluate("window.cspViolations") + [e for e in page.errors if "Content Security" not in e]
        if blocked:
            found[path] = blocked
    docs = pages[None]
    docs.goto(site + "/api/docs/")
    docs.locator("#swagger-ui .information-container").wait_for()  # Swagger UI ran under the policy
    for page in pages.values():
        page.context.close()
    assert not found, "\n".join(f"{url}:\n  " + "\n  ".join(blocked) for url, blocked in found.items())
