"""The personas of evacuee intake: the intake coordinator (sees everything), the education department's
head and the welfare department's head (each the core and their own section), beside the house's
personas of the root conftest.py (the auditor, an outsider)."""

import pytest

from merhav.tenancy.models import StandardDepartment
from merhav.tenancy.roles import Role


@pytest.fixture
def coordinator(member_with):
    return member_with(Role.INTAKE_COORDINATOR, department_kind=StandardDepartment.WELFARE)


@pytest.fixture
def education(member_with):
    return member_with(Role.DEPARTMENT_HEAD, department_kind=StandardDepartment.EDUCATION)


@pytest.fixture
def welfare(member_with):
    return member_with(Role.DEPARTMENT_HEAD, department_kind=StandardDepartment.WELFARE)


@pytest.fixture
def family(authority, coordinator, education, welfare):
    """A family of two taken in, with a welfare and an education question, each answered by its department."""
    from .support import EDUCATION, WELFARE, add_person, add_question, answer, take_in

    head = take_in(authority, by=coordinator)
    child = add_person(head.household, by=coordinator, id_number="", first_name="נועם", birth_date=None,
                       relation="child")
    add_question(authority, by=coordinator, section=WELFARE, label="מוכרים ברווחה", key="known")
    add_question(authority, by=coordinator, section=EDUCATION, label="כיתה", key="grade")
    answer(head, by=welfare, section=WELFARE, known="סוד-רווחה-77")
    answer(child, by=education, section=EDUCATION, grade="סוד-חינוך-44")
    answer(head, by=education, section=EDUCATION, grade="סוד-חינוך-45")
    return head, child
