"""Every kind of page passes axe in both colour schemes, and its HTML passes the Nu HTML Checker."""

import json
import subprocess

import pytest
from django.urls import reverse

from debate.arguments.models import Argument, Debate, Position
from debate.sources.models import Source, Speaker

from .conftest import page_types

pytestmark = pytest.mark.browser

AXE_VIOLATIONS = """async () => {
    const result = await axe.run(document, {resultTypes: ["violations"]});
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\\n` + v.nodes.map(
        (n) => `    ${n.target.join(" ")}: ${n.failureSummary.replaceAll("\\n", " ")}`).join("\\n"));
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_it_passes_axe_on_every_kind_of_page(page, site, axe_script, scheme):
    page.emulate_media(color_scheme=scheme)
    found = {}
    for name, path in page_types().items():
        page.goto(site + path)
        # Through the DevTools protocol: the site's Content-Security-Policy would block a script tag.
        page.evaluate(axe_script.read_text())
        violations = page.evaluate(AXE_VIOLATIONS)
        if violations:
            found[name] = violations
    report = "\n".join(f"{name} page:\n  " + "\n  ".join(violations) for name, violations in found.items())
    assert not found, f"axe found problems in the {scheme} scheme:\n{report}"


@pytest.mark.django_db
def test_it_serves_valid_html_on_every_page(client, seeded, vnu, tmp_path):
    urls = {f"{name}.html": path for name, path in page_types().items()}
    readable = [
        *Debate.objects.published(),
        *Position.objects.readable(),
        *Argument.objects.readable(),
        *Speaker.objects.published(),
        *Source.objects.published(),
    ]
    urls |= {f"{type(item).__name__.lower()}-{item.pk}.html": item.get_absolute_url() for item in readable}
    urls |= {
        f"map-{position.pk}.html": reverse("arguments:position_map", args=[position.debate.slug, position.slug])
        for position in Position.objects.readable().select_related("debate")
    }
    for filename, url in urls.items():
        response = client.get(url)
        assert response.status_code == (404 if filename == "not-found.html" else 200), url
        (tmp_path / filename).write_bytes(response.content)
    files = sorted(str(path) for path in tmp_path.iterdir())
    run = subprocess.run(
        [*vnu, "--errors-only", "--format", "json", "--stdout", *files], capture_output=True, text=True, timeout=300
    )
    messages = json.loads(run.stdout)["messages"]
    errors = [
        f"{urls[message['url'].rsplit('/', 1)[1]]} line {message.get('lastLine', '?')}: {message['message']}"
        for message in messages
        if message["type"] in ("error", "non-document-error")
    ]
    assert not errors, "the Nu HTML Checker found errors:\n" + "\n".join(errors)
