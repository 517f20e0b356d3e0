"""Browser tests: Playwright drives Debian's Chromium against Django's live server.

Without the browser or the checkers they skip, saying what to install; with
REQUIRE_BROWSER_TESTS=1 (as CI sets it) a missing tool fails instead, so a run
that tested nothing in a browser can never pass for one that did.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from debate.arguments.models import Argument, Debate, Position
from debate.sources.models import Source, Speaker

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SCREENSHOTS = ROOT / "docs" / "screenshots"
BROWSER_HINT = "install Debian's chromium (apt-get install chromium) and `pip install playwright` to run browser tests"
CHECKERS_HINT = "run `make browser-deps` (npm install) to get axe-core and vnu-jar for the accessibility checks"


def missing(what, hint):
    """Skip for want of a tool, or fail when the run must include the browser tests."""
    message = f"{what}: {hint}"
    if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
        pytest.fail(f"{message} (REQUIRE_BROWSER_TESTS=1 makes a missing tool a failure)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="package")
def browser():
    """One Chromium for all the browser tests, closed when they are done."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright is not installed", BROWSER_HINT)
    if not CHROMIUM.exists():
        missing(f"{CHROMIUM} is missing", BROWSER_HINT)
    # Playwright's sync API keeps an event loop running in this thread, and Django
    # refuses database calls from a thread with a running loop unless told it is safe.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    """A page the width of a small phone."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=1, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def site(live_server):
    """The seeded debate served by the live server; returns its base address.

    The live server makes every test transactional, and the database is emptied
    after each, so each test seeds again (a third of a second).
    """
    call_command("seed", verbosity=0)
    return live_server.url


@pytest.fixture
def axe_script():
    if not AXE.exists():
        missing("node_modules/axe-core is missing", CHECKERS_HINT)
    return AXE


@pytest.fixture
def vnu():
    if not VNU.exists():
        missing("node_modules/vnu-jar is missing", CHECKERS_HINT)
    java = shutil.which("java")
    if java is None:
        missing("Java is missing", "install a Java runtime (apt-get install default-jre-headless) to run vnu")
    return [java, "-jar", str(VNU)]


def screenshot(page, name):
    """Save what the page shows to docs/screenshots/<name>.png, replacing the last run's picture."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def page_types():
    """One address for each kind of page a reader meets in the seeded debate, by name."""
    position = Position.objects.readable().order_by("order", "id").first()
    argument = Argument.objects.readable().filter(parent=None, replies__isnull=False, evidence__isnull=False).first()
    speaker = Speaker.objects.filter(evidence__isnull=False).order_by("id").first()
    return {
        "overview": "/",
        "debate": Debate.objects.published().first().get_absolute_url(),
        "position": position.get_absolute_url(),
        "argument": argument.get_absolute_url(),
        "speakers": reverse("sources:speakers"),
        "speaker": speaker.get_absolute_url(),
        "source": Source.objects.first().get_absolute_url(),
        "sources": reverse("sources:list"),
        "search": reverse("search:search") + "?q=cartel",
        "search-filtered": reverse("search:search") + "?q=sovreignty&kind=arguments&side=against",
        "map": reverse("arguments:position_map", args=[position.debate.slug, position.slug]),
        "side": position.get_absolute_url() + "?side=against",
        "brief": reverse("interchange:brief", args=[position.debate.slug, position.slug]) + "?side=against",
        "not-found": "/no-such-page/",
    }
