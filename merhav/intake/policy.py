"""Who may do what in evacuee intake. Pages, templates and the API all ask these rules.

- The intake coordinator sees and edits everything, merges duplicates, imports lists, exports a person's
  whole record (a subject-access report) and runs retention.
- A member of a department that owns a section sees and works on the core and that section; a member
  who only reads (auditor, viewer) sees no evacuee.
- The authority admin configures the questionnaire (sections' owners and questions) and the retention
  period, and sees no evacuee unless also the coordinator. The CEO sees the dashboard's counts.
"""

import rules

from merhav.core.users import AnyUser
from merhav.tenancy.policy import can_write, has_role, is_authority_admin
from merhav.tenancy.roles import Role

from .access import is_coordinator as _is_coordinator
from .access import sees_evacuees as _sees_evacuees
from .access import visible_sections

is_coordinator = rules.predicate(_is_coordinator, name="intake.is_coordinator")
sees_evacuees = rules.predicate(_sees_evacuees, name="intake.sees_evacuees")


@rules.predicate
def owns_section(user: AnyUser, target: tuple[object, str]) -> bool:
    """target: (authority or a row of it, section key)."""
    obj, section = target
    return section in visible_sections(user, obj)


@rules.predicate
def may_edit_section(user: AnyUser, target: tuple[object, str]) -> bool:
    obj, _section = target
    return bool(can_write(user, obj)) and bool(owns_section(user, target))


rules.add_perm("intake.view", sees_evacuees)
# The roles first: the CEO and the admin are answered without reading the sections' owners.
rules.add_perm("intake.view_summary", has_role(Role.CEO, Role.AUTHORITY_ADMIN) | sees_evacuees)
rules.add_perm("intake.create", sees_evacuees & can_write)
rules.add_perm("intake.edit", sees_evacuees & can_write)
rules.add_perm("intake.view_section", owns_section)
rules.add_perm("intake.edit_section", may_edit_section)
rules.add_perm("intake.coordinate", is_coordinator)
rules.add_perm("intake.configure", is_coordinator | is_authority_admin)
