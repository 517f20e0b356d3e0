import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_it_passes_the_deployment_check_in_production_mode():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY="a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
        DJANGO_ALLOWED_HOSTS="debate.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_serves_the_sites_own_error_pages(client, settings, db):
    settings.DEBUG = False
    response = client.get("/definitely-missing/")
    assert response.status_code == 404
    assert "Policy Debate" in response.content.decode()


def test_it_refuses_to_serve_in_production_mode_without_a_secret_key():
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    serve = [sys.executable, "-c", "import debate.wsgi"]
    refused = subprocess.run(serve, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120)
    assert refused.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in refused.stderr
    for allowed in ({"DJANGO_SECRET_KEY": "a-long-random-production-secret-key-0123456789"}, {"DJANGO_DEBUG": "1"}):
        served = subprocess.run(
            serve, cwd=ROOT, env={**environment, **allowed}, capture_output=True, text=True, timeout=120
        )
        assert served.returncode == 0, served.stderr


def test_it_reports_a_missing_secret_key_in_the_deployment_check():
    result = run_manage("check", "--deploy", DJANGO_ALLOWED_HOSTS="debate.example.org")
    assert result.returncode != 0
    assert "debate.E001" in result.stderr and "DJANGO_SECRET_KEY is not set" in result.stderr


SAMPLE_PAGES = ["/", "/speakers/", "/search/?q=cartel", "/accounts/login/", "/no-such-page/", "/admin/login/"]


def test_it_sends_a_content_security_policy_without_inline_scripts(client, seeded):
    for url in SAMPLE_PAGES:
        policy = client.get(url)["Content-Security-Policy"]
        directives = dict(directive.split(" ", 1) for directive in policy.split("; "))
        assert directives["default-src"] == "'self'", url
        assert directives["script-src"] == "'self'", url
        assert directives["style-src"] == "'self'", url
        assert directives["object-src"] == "'none'"
        assert directives["base-uri"] == "'self'"
        assert directives["form-action"] == "'self'"
        assert directives["frame-ancestors"] == "'none'"


def test_it_allows_the_api_pages_inline_styles_but_never_inline_scripts(client, db):
    for url in ("/api/docs/", "/api/v1/"):
        response = client.get(url, HTTP_ACCEPT="text/html")
        policy = dict(directive.split(" ", 1) for directive in response["Content-Security-Policy"].split("; "))
        assert policy["script-src"] == "'self'"
        assert "'unsafe-inline'" in policy["style-src"]
    docs = client.get("/api/docs/").content.decode()
    assert "<script>" not in docs
    script = client.get("/api/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


def test_it_keeps_every_script_in_a_file():
    """An inline script or event handler would need 'unsafe-inline'; the policy would block it."""
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")", re.I)
    handler = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
    inline_style = re.compile(r"<style\b|\sstyle\s*=", re.I)
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text()
        for pattern in (inline_script, handler, inline_style):
            assert not pattern.search(text), f"{template.relative_to(ROOT)}: {pattern.search(text).group()}"


def test_it_sends_a_permissions_policy_on_every_response(client, seeded):
    for url in [*SAMPLE_PAGES, "/api/v1/debates/", "/baseline/"]:
        policy = client.get(url)["Permissions-Policy"]
        for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
            assert feature in policy, url
