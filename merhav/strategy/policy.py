"""Who may do what with the strategic plan. The pages, the templates and the API all ask these rules
(request.user.has_perm("strategy.edit", obj)); the tenancy predicates answer from the user's role in
the object's authority, so an auditor or a viewer reads and never writes.

The CEO appoints the channel teams' domain leads (seed 003); the steering committee's approval is recorded,
and the approved plan published, by the CEO or by the plan's coordinator (the community manager who runs
the process)."""

import rules

from merhav.core.users import AnyUser
from merhav.tenancy.policy import can_write, has_role, is_member
from merhav.tenancy.roles import Role


@rules.predicate
def coordinates_it(user: AnyUser, obj: object = None) -> bool:
    plan = getattr(obj, "plan", obj)
    return plan is not None and getattr(plan, "coordinator_id", None) == user.pk


rules.add_perm("strategy.view", is_member)
rules.add_perm("strategy.create", can_write)
rules.add_perm("strategy.edit", can_write)
rules.add_perm("strategy.appoint", can_write & has_role(Role.CEO))
rules.add_perm("strategy.approve", can_write & (has_role(Role.CEO) | coordinates_it))
