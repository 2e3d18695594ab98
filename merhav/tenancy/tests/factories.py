"""Factories for tenancy: authorities (with their standard departments), departments, memberships and
invitations. Rows are written inside their authority's scope, as the app writes them."""

import factory
from django_scopes import scope, scopes_disabled

from merhav.accounts.tests.factories import UserFactory, invented
from merhav.tenancy.models import Authority, Department, Invitation, Membership, StandardDepartment
from merhav.tenancy.roles import Role
from merhav.tenancy.selectors import forget_memberships
from merhav.tenancy.services import add_standard_departments


class ScopedFactory(factory.django.DjangoModelFactory):
    """Creates the row inside the scope of its authority (the scoped managers refuse to work without one)."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        authority = kwargs.get("authority")
        with scope(authority=authority if authority is not None else kwargs["authority_id"]):
            return super()._create(model_class, *args, **kwargs)


class AuthorityFactory(factory.django.DjangoModelFactory):
    """An active city with the standard list of departments (every authority has it from its creation)."""

    class Meta:
        model = Authority
        skip_postgeneration_save = True

    name_he = factory.LazyFunction(lambda: invented("city", "he_IL"))
    name_ar = factory.Sequence(lambda n: f"سلطة {n}")
    name_en = factory.Sequence(lambda n: f"Authority {n}")
    slug = factory.Sequence(lambda n: f"authority-{n}")
    code = factory.Sequence(lambda n: str(8000 + n))
    kind = Authority.Kind.CITY

    @factory.post_generation
    def standard_departments(authority, create, extracted, **kwargs):
        if create and extracted is not False:  # standard_departments=False: an authority without them
            add_standard_departments(authority=authority)


def standard_department(authority, kind: str) -> Department:
    """The authority's department of a standard kind, as made with the authority (for "other", the first)."""
    with scopes_disabled():
        return Department.objects.filter(authority=authority, kind=kind).earliest("pk")


class DepartmentFactory(ScopedFactory):
    """A department of the authority's own (kind "other", named by the authority)."""

    class Meta:
        model = Department

    authority = factory.SubFactory(AuthorityFactory)
    kind = StandardDepartment.OTHER
    custom_name = factory.LazyFunction(lambda: f"מחלקת {invented('last_name', 'he_IL')}")


class MembershipFactory(ScopedFactory):
    """A user's role in an authority. `department_kind` picks one of the authority's standard departments."""

    class Meta:
        model = Membership

    class Params:
        department_kind = None

    authority = factory.SubFactory(AuthorityFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.STAFF
    department = factory.LazyAttribute(
        lambda o: standard_department(o.authority, o.department_kind) if o.department_kind else None
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        membership = super()._create(model_class, *args, **kwargs)
        forget_memberships(membership.user)  # the user's cached memberships are stale now
        return membership


def member_of(authority, role: str = Role.STAFF, *, department_kind: str | None = None, **user_fields):
    """A new user with a membership of `role` in `authority`."""
    user = UserFactory(**user_fields)
    MembershipFactory(authority=authority, user=user, role=role, department_kind=department_kind)
    return user


class InvitationFactory(ScopedFactory):
    """A pending invitation (not yet sent, accepted or revoked)."""

    class Meta:
        model = Invitation

    authority = factory.SubFactory(AuthorityFactory)
    email = factory.Sequence(lambda n: f"invited{n}@example.org")
    full_name = factory.LazyFunction(lambda: invented("name", "he_IL"))
    role = Role.STAFF
