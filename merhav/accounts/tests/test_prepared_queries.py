"""merhav.core.prepared.Prepared: a queryset compiled once gives what the queryset gives, for new values."""

import pytest
from django_scopes import scopes_disabled

from merhav.accounts.models import User
from merhav.core.prepared import Prepared
from merhav.tenancy.models import Membership

pytestmark = pytest.mark.django_db


def test_it_gives_the_rows_of_the_queryset_for_each_value(make_user):
    first, second = make_user(email="a@example.org"), make_user(email="b@example.org")
    by_email = Prepared(lambda email: User.objects.filter(email=email), str)
    assert by_email("a@example.org") == [first]
    assert by_email("b@example.org") == [second]
    assert by_email("nobody@example.org") == []


def test_the_instances_are_as_the_orm_makes_them(member_with):
    member = member_with()
    memberships = Prepared(lambda user_id: Membership.objects.filter(user_id=user_id)
                           .select_related("authority", "department"), int)
    [prepared] = memberships(member.pk)
    with scopes_disabled():
        [orm] = Membership.objects.filter(user_id=member.pk).select_related("authority", "department")
    assert prepared.__dict__.keys() == orm.__dict__.keys()
    assert {k: v for k, v in prepared.__dict__.items() if k != "_state"} == \
           {k: v for k, v in orm.__dict__.items() if k != "_state"}
    assert prepared.authority == orm.authority and prepared.authority.name_he == orm.authority.name_he
    assert prepared._state.adding is False and prepared._state.db == "default"


def test_it_compiles_once(make_user, django_assert_num_queries):
    user = make_user()
    built = []
    by_pk = Prepared(lambda pk: built.append(pk) or User.objects.filter(pk=pk), int)
    for _ in range(3):
        with django_assert_num_queries(1):
            assert by_pk(user.pk) == [user]
    assert len(built) == 1


def test_a_value_the_sql_does_not_carry_is_refused():
    with pytest.raises(ValueError, match="appears 0 times"):
        Prepared(lambda pk: User.objects.all(), int)(1)


def test_a_values_list_gives_tuples(make_user):
    user = make_user(email="c@example.org")
    emails = Prepared(lambda pk: User.objects.filter(pk=pk).values_list("email", "is_active"), int)
    assert emails(user.pk) == [("c@example.org", True)]
