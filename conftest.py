"""Shared personas and helpers for every test.

Each test of a page meets three people: a member of the authority with the role the page needs,
a member with a lesser role (the auditor), and an outsider from another authority.
"""

import pytest
from django.core.management import call_command
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


def verified_login(client, user):
    """Log in with the session marked as having passed two-factor (a real confirmed TOTP device)."""
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
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


@pytest.fixture
def run_tasks(db):
    """Run every queued background task now, with the real worker (database backend)."""

    def run():
        call_command("run_worker", "--batch", "--no-periodic")

    return run
