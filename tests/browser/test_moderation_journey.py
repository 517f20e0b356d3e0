"""Moderators and students in a real browser: the review queue end to end, selecting a passage,
and the accessibility of every page behind a login."""

import json
import re
import subprocess

import pytest
from django.contrib.auth.models import Group, User

from debate.arguments.models import Argument, Position
from debate.extraction.models import ExtractionProposal
from debate.moderation.models import Proposal
from debate.sources.models import Evidence, Source

from ..test_extraction_speakers import LANDFILL
from .conftest import screenshot
from .test_accessibility import AXE_VIOLATIONS

pytestmark = pytest.mark.browser

PASSWORD = "a-Strong-passw0rd!"


def make_users():
    moderator = User.objects.create_user("alice", password=PASSWORD)
    # get_or_create: live-server tests flush the tables, rows made by migrations included.
    moderator.groups.add(Group.objects.get_or_create(name="moderators")[0])
    User.objects.create_user("bob", password=PASSWORD)


def log_in(page, site, username):
    page.goto(site + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(site + "/")


def test_it_carries_a_students_rebuttal_through_review_to_readers(browser, site):
    make_users()
    argument = Argument.objects.readable().filter(parent=None).order_by("id").first()
    student = browser.new_context().new_page()
    log_in(student, site, "bob")
    student.goto(site + argument.get_absolute_url())
    student.get_by_role("link", name="Reply to this argument").first.click()
    student.get_by_role("radio", name="Against", exact=True).check()
    student.get_by_label("Your argument, in one or two sentences").fill("Raids alone never end a cartel war.")
    student.locator("input[name=cited_evidence]").first.check()
    student.get_by_role("button", name="Send to the moderators").click()
    student.wait_for_url(re.compile(re.escape(argument.get_absolute_url())))
    assert "waiting for a moderator" in student.content()

    moderator = browser.new_context().new_page()
    log_in(moderator, site, "alice")
    moderator.goto(site + "/moderate/queue/")
    screenshot(moderator, "moderator-queue")
    moderator.get_by_role("link", name="Raids alone never end a cartel war.").click()
    moderator.get_by_role("button", name="Approve and publish").click()
    moderator.wait_for_url(re.compile(r"/arguments/\d+/"))

    reader = browser.new_context().new_page()
    reader.goto(site + argument.get_absolute_url())
    assert reader.locator("p.claim", has_text="Raids alone never end a cartel war.").is_visible()
    assert Proposal.objects.get().state == "approved"
    for context in (student.context, moderator.context, reader.context):
        context.close()


@pytest.mark.parametrize("width", [1280, 360])
def test_it_imports_an_article_and_corrects_one_speakers_quotes_at_once(browser, site, width):
    make_users()
    moderator = browser.new_context(viewport={"width": width, "height": 800}).new_page()
    log_in(moderator, site, "alice")
    moderator.goto(site + "/moderate/articles/import/")
    moderator.get_by_label("Paste the article's text").fill(LANDFILL)
    moderator.locator("#id_title").fill("Board votes to close landfill")
    moderator.get_by_role("button", name="Import and find quotations").click()
    moderator.wait_for_url(re.compile(r"/moderate/articles/\d+/$"))
    people = moderator.locator(".review-people li")
    assert people.count() == 2 and "Elena Ruiz" in people.first.inner_text() and "3 quotes" in people.first.inner_text()
    screenshot(moderator, f"import-people-{width}")

    moderator.get_by_role("link", name=re.compile("^Edit .*We have waited")).click()
    also = moderator.get_by_label("Also change the 2 other quotes attributed to “Elena Ruiz”")
    assert also.is_checked()
    moderator.get_by_label("New speaker's name").fill("Elena Ruiz-Marquez")
    also.scroll_into_view_if_needed()
    screenshot(moderator, f"import-correct-all-{width}")
    moderator.get_by_role("button", name="Accept with these changes").click()
    moderator.wait_for_url(re.compile(r"/moderate/articles/\d+/#proposal-\d+$"))
    assert "The speaker of 2 other quotes changed with it." in moderator.content()
    assert "Elena Ruiz-Marquez" in moderator.locator(".review-people li").first.inner_text()
    assert ExtractionProposal.objects.filter(speaker_name="Elena Ruiz-Marquez").count() == 3
    horizontal_overflow = moderator.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not horizontal_overflow
    moderator.context.close()


def test_it_attaches_a_selected_passage_as_evidence(browser, site):
    make_users()
    source = Source.objects.get()
    moderator = browser.new_context().new_page()
    log_in(moderator, site, "alice")
    moderator.goto(site + source.get_absolute_url())
    # Select a passage of the article's text, as a mouse would.
    moderator.evaluate(
        """() => {
            const text = document.querySelector('[data-source-text]');
            const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const at = walker.currentNode.data.indexOf('Then the commandos');
                if (at >= 0) {
                    const range = document.createRange();
                    range.setStart(walker.currentNode, at);
                    range.setEnd(walker.currentNode, at + 'Then the commandos'.length);
                    const selection = window.getSelection();
                    selection.removeAllRanges();
                    selection.addRange(range);
                    return;
                }
            }
            throw new Error('passage not found');
        }"""
    )
    form = moderator.locator("#attach-form")
    form.wait_for(state="visible")
    screenshot(moderator, "moderator-select-passage")
    form.get_by_label("Kind").select_option("fact")
    form.get_by_role("button", name="Attach as evidence").click()
    moderator.wait_for_load_state()
    start = source.text.index("Then the commandos")
    evidence = Evidence.objects.get(source=source, start=start, end=start + len("Then the commandos"))
    assert evidence.quote == "Then the commandos"
    moderator.context.close()


def logged_in_pages():
    """The pages behind a login, by name: (who sees it, address)."""
    argument = Argument.objects.readable().order_by("id").first()
    position = Position.objects.readable().first()
    proposal = Proposal.objects.first()
    source = Source.objects.first()
    return {
        "login": (None, "/accounts/login/"),
        "signup": (None, "/accounts/signup/"),
        "password-reset": (None, "/accounts/password/reset/"),
        "propose": ("bob", f"/propose/positions/{position.pk}/"),
        "reply": ("bob", f"/propose/arguments/{argument.pk}/reply/"),
        "propose-evidence": ("bob", f"/propose/arguments/{argument.pk}/evidence/"),
        "flag": ("bob", f"/flag/arguments/{argument.pk}/"),
        "my-contributions": ("bob", "/me/contributions/"),
        "workspace": ("alice", "/moderate/"),
        "content-list": ("alice", "/moderate/arguments/"),
        "edit": ("alice", f"/moderate/arguments/{argument.pk}/edit/"),
        "history": ("alice", f"/moderate/arguments/{argument.pk}/history/"),
        "move": ("alice", f"/moderate/arguments/{argument.pk}/move/"),
        "merge": ("alice", "/moderate/speakers/merge/"),
        "merge-arguments": ("alice", f"/moderate/arguments/merge/?debate={position.debate_id}"),
        "attach": ("alice", f"/moderate/sources/{source.pk}/evidence/"),
        "queue": ("alice", "/moderate/queue/"),
        "review": ("alice", f"/moderate/proposals/{proposal.pk}/"),
        "source-as-moderator": ("alice", source.get_absolute_url()),
    }


def with_a_proposal():
    make_users()
    position = Position.objects.readable().first()
    # A change to the argument whose history the pages show, so it shows a word diff and evidence.
    argument = Argument.objects.readable().order_by("id").first()
    argument.text = f"{argument.text} Edited: <nothing> escapes."
    argument.save()
    argument.evidence.set(Evidence.objects.exclude(arguments=argument)[:1])
    Proposal.objects.create(
        kind="argument",
        author=User.objects.get(username="bob"),
        position=position,
        stance="for",
        text="A proposal waiting for review.",
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_it_passes_axe_on_every_page_behind_a_login(browser, site, axe_script, scheme):
    with_a_proposal()
    pages = {}
    found = {}
    for name, (username, path) in logged_in_pages().items():
        if username not in pages:
            pages[username] = browser.new_context().new_page()
            if username:
                log_in(pages[username], site, username)
        page = pages[username]
        page.emulate_media(color_scheme=scheme)
        page.goto(site + path)
        # Through the DevTools protocol: the site's Content-Security-Policy would block a script tag.
        page.evaluate(axe_script.read_text())
        violations = page.evaluate(AXE_VIOLATIONS)
        if violations:
            found[name] = violations
    for page in pages.values():
        page.context.close()
    report = "\n".join(f"{name} page:\n  " + "\n  ".join(violations) for name, violations in found.items())
    assert not found, f"axe found problems in the {scheme} scheme:\n{report}"


@pytest.mark.django_db
def test_it_serves_valid_html_behind_a_login(client, seeded, vnu, tmp_path):
    with_a_proposal()
    urls = {}
    for name, (username, path) in logged_in_pages().items():
        client.logout()
        if username:
            client.force_login(User.objects.get(username=username))
        response = client.get(path)
        assert response.status_code == 200, path
        (tmp_path / f"{name}.html").write_bytes(response.content)
        urls[f"{name}.html"] = path
    client.force_login(User.objects.get(username="alice"))
    keep, duplicate = Argument.objects.filter(parent=None).order_by("id")[:2]
    confirm = client.post("/moderate/arguments/merge/", {"survivor": keep.pk, "duplicate": duplicate.pk})
    assert b"Nothing has changed yet." in confirm.content
    (tmp_path / "merge-confirm.html").write_bytes(confirm.content)
    urls["merge-confirm.html"] = "/moderate/arguments/merge/ (the confirmation)"
    run = subprocess.run(
        [*vnu, "--errors-only", "--format", "json", "--stdout", *sorted(map(str, tmp_path.iterdir()))],
        capture_output=True,
        text=True,
        timeout=300,
    )
    errors = [
        f"{urls[m['url'].rsplit('/', 1)[1]]} line {m.get('lastLine', '?')}: {m['message']}"
        for m in json.loads(run.stdout)["messages"]
        if m["type"] in ("error", "non-document-error")
    ]
    assert not errors, "the Nu HTML Checker found errors:\n" + "\n".join(errors)


@pytest.mark.parametrize("width", [1280, 360])
def test_it_previews_a_draft_position_with_its_banner_then_publishes_it_for_readers(browser, site, width):
    make_users()
    debate = Position.objects.readable().first().debate
    moderator = browser.new_context(viewport={"width": width, "height": 800}).new_page()
    log_in(moderator, site, "alice")
    moderator.goto(f"{site}/moderate/positions/new/?debate={debate.pk}&status=draft&order=9")
    moderator.get_by_label("Title").fill("Legalise and regulate instead")
    moderator.get_by_label("Slug").fill("legalise-and-regulate")
    moderator.get_by_role("button", name="Save").click()
    url = f"{site}/debates/{debate.slug}/positions/legalise-and-regulate/"
    moderator.wait_for_url(url)
    assert moderator.get_by_text("Draft — only moderators see this.").is_visible()
    screenshot(moderator, f"moderator-draft-preview-{width}")
    reader = browser.new_context().new_page()
    assert reader.goto(url).status == 404
    moderator.get_by_role("button", name="Publish").click()
    moderator.wait_for_url(url)
    assert "is now published" in moderator.content()
    assert reader.goto(url).status == 200 and "Legalise and regulate instead" in reader.content()
    for context in (moderator.context, reader.context):
        context.close()


@pytest.mark.parametrize("width", [1280, 360])
def test_it_chooses_a_new_parent_with_the_keyboard(browser, site, axe_script, width):
    make_users()
    reply = Argument.objects.filter(parent__isnull=False, replies__isnull=True).order_by("id").first()
    target = (
        Argument.objects.filter(position=reply.position, parent=None)
        .exclude(pk__in=Argument.objects.ancestors_of(reply).values("pk"))
        .order_by("id")
        .first()
    )
    moderator = browser.new_context(viewport={"width": width, "height": 800}).new_page()
    log_in(moderator, site, "alice")
    moderator.goto(site + f"/moderate/arguments/{reply.pk}/move/")
    assert moderator.locator("select[name=parent]").is_hidden()
    box = moderator.get_by_role("combobox", name="New parent argument")
    box.focus()
    moderator.keyboard.press("Control+A")
    moderator.keyboard.type(target.text[:30])
    listbox = moderator.get_by_role("listbox")
    listbox.get_by_role("option").first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    moderator.keyboard.press("ArrowDown")
    active = moderator.locator(f"#{box.get_attribute('aria-activedescendant')}")
    assert active.get_attribute("aria-selected") == "true"
    assert target.position.title in active.inner_text()
    moderator.evaluate(axe_script.read_text())
    assert not moderator.evaluate(AXE_VIOLATIONS), "axe found problems with the list open"
    screenshot(moderator, f"moderator-picker-{width}")
    moderator.keyboard.press("Enter")
    assert box.get_attribute("aria-expanded") == "false"
    assert moderator.locator("select[name=parent]").input_value() == str(target.pk)
    assert box.input_value().startswith(target.text[:30])
    moderator.keyboard.press("Escape")  # the list is closed: Escape clears the box, and the choice
    assert box.input_value() == ""
    assert moderator.locator("select[name=parent]").input_value() == ""
    moderator.keyboard.type(target.text[:30])
    listbox.get_by_role("option").first.wait_for()
    moderator.keyboard.press("Escape")  # closes the list and keeps the text
    assert box.get_attribute("aria-expanded") == "false" and box.input_value() == target.text[:30]
    moderator.keyboard.press("ArrowDown")
    listbox.get_by_role("option").first.wait_for()
    moderator.keyboard.press("Enter")
    moderator.get_by_role("button", name="Move").focus()
    moderator.keyboard.press("Enter")
    moderator.wait_for_url(lambda url: "/move/" not in url)
    reply.refresh_from_db()
    assert reply.parent_id == target.pk
    moderator.context.close()
