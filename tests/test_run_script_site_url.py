"""Links in emails and .ics files use the configured site address; in development, scripts/run.py points it
at the port the server actually runs on (`--port 8102` gives links to :8102, not :8000)."""

import importlib.util
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


@pytest.fixture
def run_script(monkeypatch):
    """scripts/run.py loaded from its file (it imports its sibling _bootstrap, so scripts/ goes on the path)."""
    monkeypatch.syspath_prepend(str(SCRIPTS))
    spec = importlib.util.spec_from_file_location("merhav_run_script", SCRIPTS / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_links_follow_the_dev_port(run_script):
    assert run_script.site_url("127.0.0.1", 8102, environ={}) == "http://127.0.0.1:8102"


def test_a_server_on_all_interfaces_is_linked_at_localhost(run_script):
    assert run_script.site_url("0.0.0.0", 8103, environ={}) == "http://127.0.0.1:8103"  # noqa: S104


def test_a_configured_site_address_wins(run_script):
    assert run_script.site_url("127.0.0.1", 8102, environ={"SITE_URL": "https://merhav.example.org"}) == (
        "https://merhav.example.org")


def test_email_links_use_the_site_address(settings, make_user, run_tasks):
    from django.core import mail

    from merhav.notify.services import send_notification

    settings.MERHAV_SITE_URL = "http://127.0.0.1:8102"
    recipient = make_user(email="noa@city.example", language="en")
    send_notification(recipient=recipient, kind="test", title="New action: check the shelters", url="/notifications/")
    run_tasks()
    [message] = mail.outbox
    assert "http://127.0.0.1:8102/notifications/" in message.body
    assert message.subject == "Merhav: New action: check the shelters"
