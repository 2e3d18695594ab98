"""Production settings: `check --deploy` is clean, start-up refuses a missing or weak SECRET_KEY and an
empty ALLOWED_HOSTS, cookies are secure; every page carries a strict Content-Security-Policy."""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

PRODUCTION_ENV = {
    "MERHAV_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "merhav.example.gov.il",
    "EMAIL_HOST": "smtp.merhav.example.gov.il",
}


def run_in_production(*args: str, env_overrides: dict | None = None, drop: tuple = ()) -> subprocess.CompletedProcess:
    # As a server would start: without development switches another test may have set in this process
    # (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE, which check --deploy rightly flags).
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(PRODUCTION_ENV)
    env.update(env_overrides or {})
    for key in drop:
        env.pop(key, None)
    env["DJANGO_SETTINGS_MODULE"] = "merhav.settings"
    return subprocess.run([sys.executable, *args], env=env, cwd=settings.BASE_DIR, capture_output=True,
                          text=True, timeout=120)


def test_check_deploy_has_no_warnings():
    result = run_in_production("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_missing_email_configuration_stops_start_up_and_check_deploy_says_why():
    result = run_in_production("manage.py", "check", "--deploy", drop=("EMAIL_HOST", "EMAIL_BACKEND"))
    assert result.returncode != 0
    assert "Email is not configured" in result.stderr
    assert "password reset and invitation links" in result.stderr


@pytest.mark.parametrize("backend", ["django.core.mail.backends.console.EmailBackend",
                                     "django.core.mail.backends.filebased.EmailBackend"])
def test_a_backend_that_writes_emails_out_is_refused_in_production(backend):
    result = run_in_production("manage.py", "check", "--deploy", drop=("EMAIL_HOST",),
                               env_overrides={"EMAIL_BACKEND": backend})
    assert result.returncode != 0
    assert "Email is not configured" in result.stderr


def test_check_deploy_fails_on_a_backend_that_never_delivers():
    result = run_in_production("manage.py", "check", "--deploy", drop=("EMAIL_HOST",),
                               env_overrides={"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"})
    assert result.returncode != 0
    assert "merhav.E001" in result.stderr and "nothing is ever delivered" in result.stderr


def test_missing_secret_key_stops_start_up_with_a_clear_message():
    result = run_in_production("manage.py", "check", drop=("SECRET_KEY",))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY is not set" in result.stderr


def test_short_secret_key_stops_start_up():
    result = run_in_production("manage.py", "check", env_overrides={"SECRET_KEY": "short-and-guessable"})
    assert result.returncode != 0
    assert "SECRET_KEY is too short" in result.stderr


def test_missing_allowed_hosts_stops_start_up():
    result = run_in_production("manage.py", "check", drop=("ALLOWED_HOSTS",))
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_production_cookies_and_transport():
    script = (
        "import json, django; django.setup(); from django.conf import settings as s;"
        "print(json.dumps({k: getattr(s, k) for k in ["
        "'DEBUG', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'LANGUAGE_COOKIE_SECURE', "
        "'SESSION_COOKIE_HTTPONLY', 'CSRF_COOKIE_HTTPONLY', 'SESSION_COOKIE_NAME', 'CSRF_COOKIE_NAME', "
        "'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', 'X_FRAME_OPTIONS']}))"
    )
    result = run_in_production("-c", script)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"] and values["LANGUAGE_COOKIE_SECURE"]
    assert values["SESSION_COOKIE_HTTPONLY"] and values["CSRF_COOKIE_HTTPONLY"]
    assert values["SESSION_COOKIE_NAME"].startswith("__Host-") and values["CSRF_COOKIE_NAME"].startswith("__Host-")
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 60 * 60 * 24 * 365
    assert values["X_FRAME_OPTIONS"] == "DENY"


def csp_of(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


@pytest.mark.parametrize("page", ["accounts:login", "accounts:password_reset", "api:openapi-view"])
def test_public_pages_send_a_strict_csp(client, db, page):
    response = client.get(reverse(page))
    assert response.status_code == 200
    header = response["Content-Security-Policy"]
    assert "unsafe-inline" not in header and "unsafe-eval" not in header
    csp = csp_of(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]


def test_pages_of_an_authority_send_the_csp_and_other_headers(login, staff, authority):
    response = login(staff).get(reverse("tenancy:dashboard", kwargs={"authority_slug": authority.slug}))
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_api_docs_load_nothing_from_elsewhere(client, db):
    content = client.get(reverse("api:openapi-view")).content.decode()
    assert "cdn." not in content and "https://" not in content
    assert "/static/ninja/swagger-ui-bundle.js" in content
