"""Shared personas and helpers for every test.

Each test of a page meets three people: a member of the authority with the role the page needs
(`member`, with the `role` fixture; or `staff`, `ceo`, `department_head`, `authority_admin`, or
`member_with(role)`), a member with a lesser role (`lesser`, the auditor), and an outsider from another
authority (`outsider`). All are made with the factories (merhav/*/tests/factories.py): invented people.
"""

import zlib

import factory.random
import pytest
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scope

from merhav.accounts.tests.factories import PASSWORD as PASSWORD  # tests import it from here
from merhav.accounts.tests.factories import UserFactory
from merhav.tenancy.models import StandardDepartment
from merhav.tenancy.roles import Role
from merhav.tenancy.tests.factories import AuthorityFactory, member_of

# Chromium and its pages for every real-browser test, one per run (tests/browser/fixtures.py).
pytest_plugins = ["tests.browser.fixtures"]


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # A fast hasher: tests log in hundreds of times; production keeps Django's default (PBKDF2).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _no_counts_or_local_cache_from_other_tests():
    """The rate limits count in each process's memory before the database (merhav/core/ratelimit.py), and the
    "local" cache keeps derived figures in memory: a test starts with an empty database, so with neither."""
    from django.core.cache import caches

    from merhav.core.ratelimit import forget_local_counts

    forget_local_counts()
    caches["local"].clear()


@pytest.fixture(autouse=True)
def _repeatable_data(request):
    """Each test gets the same invented names and texts on every run (Faker and factory_boy seeded by test)."""
    factory.random.reseed_random(zlib.crc32(request.node.nodeid.encode()))


@pytest.fixture
def make_authority(db):
    """make_authority(slug=None, **fields) -> a new authority with its standard departments."""

    def make(slug: str | None = None, **fields):
        return AuthorityFactory(**({"slug": slug} if slug else {}), **fields)

    return make


@pytest.fixture
def make_user(db):
    """make_user(authority=None, role=STAFF, department_kind=None, **user_fields) -> a user who can log in
    with PASSWORD; with an authority, a member of it with that role (in that standard department)."""

    def make(*, authority=None, role: str = Role.STAFF, department_kind: str | None = None, **user_fields):
        user_fields = {name: value for name, value in user_fields.items() if value is not None}
        if authority is None:
            return UserFactory(**user_fields)
        return member_of(authority, role, department_kind=department_kind, **user_fields)

    return make


# --- the personas: a member with the role the page needs, a lesser member, an outsider -----------------


@pytest.fixture
def authority(db):
    return AuthorityFactory(slug="home-city", name_he="עיר הבית", name_en="Home City", name_ar="مدينة البيت")


@pytest.fixture
def other_authority(db):
    return AuthorityFactory(slug="other-town", name_he="עיר אחרת", name_en="Other Town", name_ar="بلدة أخرى")


@pytest.fixture
def role():
    """The role the test needs `member` to have. Override it in a test module (a fixture named `role`) or
    per test: `@pytest.mark.parametrize("role", [Role.CEO, Role.AUTHORITY_ADMIN])`."""
    return Role.STAFF


@pytest.fixture
def member_with(authority):
    """member_with(role, department_kind=None, **user_fields) -> a new member of the home authority."""

    def make(role: str = Role.STAFF, *, department_kind: str | None = None, **user_fields):
        return member_of(authority, role, department_kind=department_kind, **user_fields)

    return make


@pytest.fixture
def member(member_with, role):
    """A member of the home authority with the role the test needs (the `role` fixture)."""
    return member_with(role)


@pytest.fixture
def lesser(auditor):
    """A member with a lesser role: the auditor reads everything and may change nothing."""
    return auditor


@pytest.fixture
def staff(member_with):
    return member_with(Role.STAFF, department_kind=StandardDepartment.SECURITY)


@pytest.fixture
def ceo(member_with):
    return member_with(Role.CEO, department_kind=StandardDepartment.CEO_OFFICE)


@pytest.fixture
def authority_admin(member_with):
    return member_with(Role.AUTHORITY_ADMIN, department_kind=StandardDepartment.IT)


@pytest.fixture
def department_head(member_with):
    return member_with(Role.DEPARTMENT_HEAD, department_kind=StandardDepartment.PUBLIC_INFORMATION)


@pytest.fixture
def auditor(member_with):
    return member_with(Role.AUDITOR)


@pytest.fixture
def outsider(other_authority):
    """A CEO of another authority: powerful there, nobody here. Every page of an authority is a 404 to them."""
    return member_of(other_authority, Role.CEO)


@pytest.fixture
def national_admin(db):
    """Manages authorities and regions across the country; a member of no authority."""
    return UserFactory(is_national_admin=True)


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
    `manage.py run_worker --batch --no-periodic` (merhav.core.worker over django-tasks-db's table), and returns when none is due.

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
    from merhav.core import worker
    from merhav.notify.management.commands import run_worker

    def run() -> None:
        with monkeypatch.context() as patch:
            patch.setattr(worker, "close_old_connections", lambda: None)
            patch.setattr(run_worker, "close_old_connections", lambda: None)
            while True:
                _fire_on_commit_callbacks()
                call_command("run_worker", "--batch", "--no-periodic")
                # A task's own writes may have queued more tasks on commit (a reminder → its email).
                if not connections[DEFAULT_DB_ALIAS].run_on_commit:
                    return

    return run
