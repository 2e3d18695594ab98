"""Shared personas and helpers for every test.

Each test of a page meets three people: a member of the authority with the role the page needs,
a member with a lesser role (the auditor), and an outsider from another authority.
"""

import pytest
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scope, scopes_disabled

from merhav.tenancy import services as tenancy_services
from merhav.tenancy.models import Department, StandardDepartment
from merhav.tenancy.roles import Role

PASSWORD = "a-long-test-password-2026"


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Hashing every test user's password with the production hasher costs most of the suite's time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # A fast hasher: tests log in hundreds of times; production keeps Django's default (PBKDF2).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def make_authority(db):
    counter = {"n": 0}

    def make(slug: str | None = None, **extra):
        counter["n"] += 1
        n = counter["n"]
        slug = slug or f"authority-{n}"
        with scopes_disabled():
            return tenancy_services.create_authority(
                name_he=extra.pop("name_he", f"רשות {n}"),
                name_en=extra.pop("name_en", f"Authority {n}"),
                name_ar=extra.pop("name_ar", f"سلطة {n}"),
                slug=slug,
                code=extra.pop("code", str(8000 + n)),
                **extra,
            )

    return make


@pytest.fixture
def make_user(db, django_user_model):
    counter = {"n": 0}

    def make(*, authority=None, role: str = Role.STAFF, department_kind: str | None = None, email: str | None = None,
             full_name: str | None = None, language: str = "he", **extra):
        counter["n"] += 1
        n = counter["n"]
        user = django_user_model.objects.create_user(
            email=email or f"user{n}-{role}@test.example",
            password=PASSWORD,
            full_name=full_name or f"משתמש {n}",
            language=language,
            **extra,
        )
        if authority is not None:
            with scopes_disabled():
                department = (
                    Department.objects.filter(authority=authority, kind=department_kind).first()
                    if department_kind
                    else None
                )
                tenancy_services.set_membership(authority=authority, user=user, role=role, department=department)
        return user

    return make


@pytest.fixture
def authority(make_authority):
    return make_authority("home-city", name_he="עיר הבית", name_en="Home City", name_ar="مدينة البيت")


@pytest.fixture
def other_authority(make_authority):
    return make_authority("other-town", name_he="עיר אחרת", name_en="Other Town", name_ar="بلدة أخرى")


@pytest.fixture
def staff(make_user, authority):
    return make_user(authority=authority, role=Role.STAFF, department_kind=StandardDepartment.SECURITY)


@pytest.fixture
def ceo(make_user, authority):
    return make_user(authority=authority, role=Role.CEO, department_kind=StandardDepartment.CEO_OFFICE)


@pytest.fixture
def authority_admin(make_user, authority):
    return make_user(authority=authority, role=Role.AUTHORITY_ADMIN, department_kind=StandardDepartment.IT)


@pytest.fixture
def department_head(make_user, authority):
    return make_user(authority=authority, role=Role.DEPARTMENT_HEAD, department_kind=StandardDepartment.PUBLIC_INFORMATION)


@pytest.fixture
def auditor(make_user, authority):
    return make_user(authority=authority, role=Role.AUDITOR)


@pytest.fixture
def outsider(make_user, other_authority):
    """A CEO of another authority: powerful there, nobody here."""
    return make_user(authority=other_authority, role=Role.CEO)


def confirmed_device(user) -> TOTPDevice:
    """The user's confirmed TOTP device (made when missing): two-factor is set up."""
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
    return device


def verified_login(client, user):
    """Log in with the session marked as having passed two-factor (a real confirmed TOTP device)."""
    client.force_login(user)
    device = confirmed_device(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def login(client):
    """login(user) -> a client logged in as the user, two-factor passed."""

    def do(user, language: str | None = None):
        verified_login(client, user)
        if language:
            session = client.session
            session["merhav_language"] = language
            session.save()
        return client

    return do


@pytest.fixture
def in_scope(authority):
    """Run ORM code inside the home authority's scope: `with in_scope: ...`."""
    return scope(authority=authority)


def _fire_on_commit_callbacks(using: str = DEFAULT_DB_ALIAS) -> None:
    """Run (once) the on_commit callbacks registered so far in the test's never-committed transaction,
    as Django's captureOnCommitCallbacks(execute=True) does; callbacks may register more."""
    connection = connections[using]
    while connection.run_on_commit:
        pending, connection.run_on_commit = connection.run_on_commit, []
        for _savepoints, callback, _robust in pending:
            callback()


@pytest.fixture
def run_tasks(db, monkeypatch):
    """run_tasks() runs the queued background tasks now, with the real worker:
    `manage.py run_worker --batch --no-periodic` (django-tasks-db backend), and returns when none is due.

        notify(recipient=staff, kind="x", title="Hello")   # queues the email task on commit
        run_tasks()
        assert len(mail.outbox) == 1

    What it takes care of, so tests need not:
    - Our services enqueue tasks with transaction.on_commit(...) (a task must never see a row that was
      rolled back). django-tasks-db itself writes the task row at .enqueue() (no on_commit of its own), but
      in a pytest-django `db` test the whole test is one transaction that never commits, so on_commit
      callbacks would never fire. run_tasks() first fires the callbacks registered so far (each once),
      like django_capture_on_commit_callbacks(execute=True). In a transaction=True test they have already
      run at commit, and this step finds nothing.
    - The worker calls close_old_connections() between tasks, as a long-running process must. Inside a
      test's transaction that would close the connection (PostgreSQL; SQLite's in-memory database hides
      it); like Django's test client, which disconnects close_old_connections from the request signals,
      it is a no-op while run_tasks() runs.
    - Tasks that a task queues on commit (a reminder that notifies → the email) run in the same call.
    A task whose run_after is in the future (a retry with back-off) is not due yet: move the clock with
    time_machine (`traveller.shift(...)`) and call run_tasks() again. Results stay in
    django_tasks_db.models.DBTaskResult (status SUCCESSFUL / FAILED) for assertions.
    Do not also wrap the same writes in django_capture_on_commit_callbacks(execute=True): Django leaves
    the callbacks it ran in the list, so they would run twice (use one or the other).
    """
    from django_tasks_db.management.commands import db_worker

    from merhav.notify.management.commands import run_worker

    def run() -> None:
        with monkeypatch.context() as patch:
            patch.setattr(db_worker, "close_old_connections", lambda: None)
            patch.setattr(run_worker, "close_old_connections", lambda: None)
            while True:
                _fire_on_commit_callbacks()
                call_command("run_worker", "--batch", "--no-periodic")
                # A task's own writes may have queued more tasks on commit (a reminder → its email).
                if not connections[DEFAULT_DB_ALIAS].run_on_commit:
                    return

    return run
