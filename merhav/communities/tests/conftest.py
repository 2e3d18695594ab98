"""The place every test of learning communities starts from: a community that spans two authorities."""

from dataclasses import dataclass

import pytest

from merhav.accounts.tests.factories import UserFactory
from merhav.tenancy.roles import Role
from merhav.tenancy.tests.factories import MembershipFactory, member_of

from ..access import forget_access
from ..models import Community, CommunityMember, Programme, ProgrammeRole
from .factories import CommunityFactory, MemberFactory, ProgrammeRoleFactory


@dataclass
class Place:
    programme: Programme
    community: Community
    manager: object  # the programme manager: on no authority
    leader: object  # the community leader (a member of the home authority)
    leader_member: CommunityMember
    member: object  # a core member who belongs to two authorities
    member_row: CommunityMember
    stranger: object  # a member of the home authority, in no community and no programme


@pytest.fixture
def place(authority, other_authority) -> Place:
    community = CommunityFactory()
    manager = UserFactory(full_name="מנהלת המיזם")
    ProgrammeRoleFactory(programme=community.programme, user=manager, role=ProgrammeRole.Role.MANAGER)
    leader = member_of(authority, Role.DEPARTMENT_HEAD, department_kind="education", full_name="מובילת הקהילה")
    leader_member = MemberFactory(community=community, user=leader, authority=authority,
                                  role=CommunityMember.Role.LEADER)
    member = member_of(authority, Role.DEPARTMENT_HEAD, department_kind="education", full_name="חבר בשתי רשויות")
    MembershipFactory(authority=other_authority, user=member, role=Role.STAFF)  # a member of two authorities
    member_row = MemberFactory(community=community, user=member, authority=other_authority,
                               role=CommunityMember.Role.CORE)
    stranger = member_of(authority, Role.CEO, full_name="מנכ״ל בלי קהילה")
    for user in (manager, leader, member, stranger):
        forget_access(user)
    return Place(community.programme, community, manager, leader, leader_member, member, member_row, stranger)

