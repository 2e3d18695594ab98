"""How the tenant isolation crawler fills URL kwargs: one table, keyed by kwarg NAME.

The crawler (tests/test_isolation_crawler.py) walks every URL pattern of the project and fills each
kwarg from this table with an object that belongs to authority A (the "victim"). Then it checks that a
member of authority B, and an anonymous visitor, cannot reach A's data through that URL.

When you add a URL with a new kwarg name, add one line for it to FILLERS in your app's own
`merhav/<app>/tests/url_fillers.py` (this file merges the FILLERS of every app of Merhav that has one;
the platform's kwargs are below). Most fillers are one of:

    "review_id": pk_of("lessons.Review"),         # creates a Review of A (fields filled automatically)
    "question": constant(1),                       # a value that is not an object
    "widget_id": my_filler,                        # def my_filler(world) -> value, for special cases

`pk_of` builds a row of A with every required field filled: foreign keys to Authority point at A, to the
user model at a member of A, other required foreign keys are built the same way (one row per model, shared),
text fields carry the MARKER that the crawler looks for in every response body. If a model needs values
that cannot be guessed (a constraint, a clean() rule), write a filler that calls the app's service instead.

Admin URLs are Django's and third-party code: their kwarg names are filled from ADMIN_FILLERS.
"""

from __future__ import annotations

import datetime
import decimal
import itertools
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_scopes import scopes_disabled

# Planted in A's names and in every text field of A's rows; a response to B or to an anonymous visitor
# that contains it has leaked A's data.
MARKER = "Zqx7Leak"


@dataclass
class World:
    """Authority A (whose objects fill the URLs), authority B (whose CEO crawls them), and what was built."""

    a: Any
    b: Any
    a_user: Any  # a member (CEO) of A
    b_user: Any  # a member (CEO) of B
    objects: dict[str, models.Model] = field(default_factory=dict)
    _counter: itertools.count = field(default_factory=lambda: itertools.count(1))
    _building: set[str] = field(default_factory=set)

    def next_number(self) -> int:
        return next(self._counter)

    def obj(self, label: str) -> models.Model:
        """One row of `app_label.ModelName` belonging to A, built once and reused."""
        key = label.lower()
        if key not in self.objects:
            self.objects[key] = build(self, _model(label))
        return self.objects[key]


Filler = Callable[[World], Any]


def _model(label: str) -> type[models.Model]:
    try:
        return apps.get_model(label)
    except LookupError as exc:
        raise LookupError(
            f"tests/url_fillers.py refers to model {label!r}, which does not exist. Fix its filler."
        ) from exc


def pk_of(label: str) -> Filler:
    """Filler: the primary key of a row of `label` that belongs to A."""

    def fill(world: World):
        return world.obj(label).pk

    fill.__name__ = f"pk_of({label})"
    return fill


def attr_of(label: str, attribute: str) -> Filler:
    """Filler: an attribute (e.g. a slug or a token) of a row of `label` that belongs to A."""

    def fill(world: World):
        return getattr(world.obj(label), attribute)

    fill.__name__ = f"attr_of({label}, {attribute})"
    return fill


def constant(value: Any) -> Filler:
    def fill(world: World):
        return value

    fill.__name__ = f"constant({value!r})"
    return fill


def _text(world: World, f: models.Field) -> str:
    value = f"{MARKER} {f.name} {world.next_number()}"
    return value[: f.max_length] if f.max_length else value


def fitted(model, field: str, text: str) -> str:
    """`text` cut to the field's max_length: PostgreSQL refuses a longer value (SQLite keeps it), and MARKER may be
    long (the hostile-text test puts a script payload in it)."""
    max_length = model._meta.get_field(field).max_length
    return text[:max_length] if max_length else text


def _value_for(world: World, f: models.Field, user_model) -> Any:
    """A value for one concrete field of a new row of A, or `...` to leave the field alone."""
    from merhav.tenancy.models import Authority

    if f.is_relation:
        target = f.related_model
        if target is Authority:
            return world.a
        if target is user_model:
            return world.a_user
        if target._meta.label_lower in world.objects:
            return world.objects[target._meta.label_lower]
        if f.null:
            return ...
        return world.obj(target._meta.label)
    if f.has_default() and f.get_default() not in ("", None):
        return ...
    if f.choices:
        return f.choices[0][0]
    if isinstance(f, models.EmailField):
        return f"a{world.next_number()}@victim.example"
    if isinstance(f, models.SlugField):
        return f"victim-{f.name}-{world.next_number()}"[: f.max_length]
    if isinstance(f, models.CharField | models.TextField):
        return _text(world, f)
    if f.null:
        return ...
    if isinstance(f, models.BooleanField):
        return False
    if isinstance(f, models.DateTimeField):
        return timezone.now()
    if isinstance(f, models.DateField):
        return timezone.localdate()
    if isinstance(f, models.TimeField):
        return datetime.time(12, 0)
    if isinstance(f, models.DurationField):
        return datetime.timedelta(hours=1)
    if isinstance(f, models.DecimalField):
        return decimal.Decimal("1")
    if isinstance(f, models.FloatField):
        return 1.0
    if isinstance(f, models.IntegerField):
        return 1
    if isinstance(f, models.UUIDField):
        return uuid.uuid4()
    if isinstance(f, models.JSONField):
        return {}
    if isinstance(f, models.FileField):
        return f"victim/{world.next_number()}.txt"
    raise TypeError(
        f"tests/url_fillers.py cannot guess a value for {f.model._meta.label}.{f.name} ({type(f).__name__}). "
        "Write a filler for this model that uses the app's service."
    )


def build(world: World, model: type[models.Model]) -> models.Model:
    """Create one row of `model` for authority A, with MARKER in its text fields."""
    from django.contrib.auth import get_user_model

    label = model._meta.label_lower
    if label in world._building:
        raise RecursionError(f"tests/url_fillers.py: {label} needs itself to be built; write a filler for it.")
    world._building.add(label)
    try:
        user_model = get_user_model()
        values = {}
        for f in model._meta.concrete_fields:
            if f.primary_key or getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                continue
            value = _value_for(world, f, user_model)
            if value is not ...:
                values[f.name] = value
        with scopes_disabled():
            return model.objects.create(**values)
    finally:
        world._building.discard(label)


# --- Fillers for the platform's own objects ----------------------------------------------------------


def _department(world: World):
    from merhav.tenancy.models import Department

    with scopes_disabled():
        department = Department.objects.filter(authority=world.a).order_by("pk").first()
        department.custom_name = fitted(Department, "custom_name", f"{MARKER} department")
        department.save(update_fields=["custom_name"])
    world.objects["tenancy.department"] = department
    return department.pk


def _membership(world: World):
    from merhav.tenancy.models import Membership

    with scopes_disabled():
        return Membership.objects.get(authority=world.a, user=world.a_user).pk


def _invitation(world: World):
    return world.obj("tenancy.Invitation")


def _region(world: World):
    from merhav.tenancy.models import Region

    region = Region.objects.create(
        slug=f"victim-region-{world.next_number()}", name_he=fitted(Region, "name_he", f"{MARKER} אזור"),
        name_en=fitted(Region, "name_en", f"{MARKER} region"),
    )
    world.a.region = region
    world.a.save(update_fields=["region"])
    return region.pk


def _api_token(world: World):
    from merhav.accounts.models import ApiToken

    token, _raw = ApiToken.issue(user=world.a_user, name=fitted(ApiToken, "name", f"{MARKER} token"))
    return token.pk


def _token(world: World):
    """Several URLs carry a secret `token`: the calendar feed (the user's calendar token), an invitation
    link, a password reset link. Those URLs are public by design (the token is the credential) and on the
    crawler's allow-list; what matters here is a well-formed token of A's."""
    return world.a_user.ensure_calendar_token()


def _uidb64(world: World):
    return urlsafe_base64_encode(force_bytes(world.a_user.pk))


PLATFORM_FILLERS: dict[str, Filler] = {
    "authority_slug": lambda world: world.a.slug,
    "authority_id": lambda world: world.a.pk,
    "department_id": _department,
    "membership_id": _membership,
    "invitation_id": lambda world: _invitation(world).pk,
    "region_id": _region,
    "token_id": _api_token,
    "token": _token,
    "uidb64": _uidb64,
}


class Fillers(Mapping):
    """The platform's fillers and those of every app of Merhav that has `tests/url_fillers.py` with a
    FILLERS dict, read when first used (an app's fillers import the helpers of this file). Two apps may
    not fill one kwarg name differently: the crawler's table is one, keyed by name."""

    def __init__(self, platform: dict[str, Filler]):
        self._platform = platform
        self._table: dict[str, Filler] | None = None

    def _load(self) -> dict[str, Filler]:
        if self._table is None:
            table, owner = dict(self._platform), dict.fromkeys(self._platform, "tests/url_fillers.py")
            for config in apps.get_app_configs():
                if not config.name.startswith("merhav.") or find_spec(f"{config.name}.tests") is None:
                    continue
                if find_spec(f"{config.name}.tests.url_fillers") is None:
                    continue
                for name, filler in import_module(f"{config.name}.tests.url_fillers").FILLERS.items():
                    if name in table and table[name] is not filler:
                        raise LookupError(
                            f"The URL kwarg {name!r} has a filler in {owner[name]} and in {config.name}.tests."
                            "url_fillers: one kwarg name means one kind of object; rename one of the kwargs."
                        )
                    table[name], owner[name] = filler, f"{config.name}.tests.url_fillers"
            self._table = table
        return self._table

    def __getitem__(self, name: str) -> Filler:
        return self._load()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._load())

    def __len__(self) -> int:
        return len(self._load())


FILLERS = Fillers(PLATFORM_FILLERS)


# --- The admin (Django's and third-party URL names) ------------------------------------------------------


def _admin_app_label(world: World) -> str:
    return next(iter(admin.site._registry))._meta.app_label


ADMIN_FILLERS: dict[str, Filler] = {
    "app_label": _admin_app_label,
    "object_id": lambda world: str(world.a.pk),
    "pk": lambda world: world.a.pk,
    "id": lambda world: str(world.a_user.pk),  # the user admin's password page: admin/accounts/user/<id>/password/
    "content_type_id": lambda world: str(ContentType.objects.get_for_model(type(world.a)).pk),
    "url": constant("no-such-admin-page/"),
}
