"""Who may do what in emergency operations. The pages, the templates and the API all ask these rules.

- every member sees the emergency pages (the auditor and the viewer read, never write);
- the CEO, the authority's admins (CIO) and department heads declare and end an emergency;
- every writing role keeps the event log, drafts sealed messages and issues approved ones;
- only the CEO approves a sealed message (seed 000: "has the CEO approve them");
- the CEO and the admins configure the webhook of the emergency systems;
- the authority's admins edit the checklist's questions; writing roles answer a run of it.
"""

import rules

from merhav.tenancy.policy import can_write, has_role, is_member
from merhav.tenancy.roles import Role

runs_emergencies = has_role(Role.CEO, Role.AUTHORITY_ADMIN, Role.DEPARTMENT_HEAD)

rules.add_perm("emergency.view", is_member)
rules.add_perm("emergency.declare", runs_emergencies)
rules.add_perm("emergency.end", runs_emergencies)
rules.add_perm("emergency.log", can_write)
rules.add_perm("emergency.draft_message", can_write)
rules.add_perm("emergency.approve_message", has_role(Role.CEO))
rules.add_perm("emergency.issue", can_write)
rules.add_perm("emergency.manage_webhooks", has_role(Role.CEO, Role.AUTHORITY_ADMIN))
rules.add_perm("emergency.edit_checklist", has_role(Role.AUTHORITY_ADMIN))
rules.add_perm("emergency.answer_checklist", can_write)
