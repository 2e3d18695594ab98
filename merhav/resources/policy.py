"""Who may do what in the resources module. Every member reads the map; those who may write at all map
partners, resources, needs and responses and allocate; the partnerships manager (with the CEO and the
authority admin) runs what speaks for the authority: imports, the public needs link, the gap document's
snapshots, the module's settings and the regional network. The auditor reads and never writes."""

import rules

from merhav.tenancy.policy import can_write, has_role, is_member
from merhav.tenancy.roles import Role

manages_partnerships = has_role(Role.PARTNERSHIPS_MANAGER, Role.CEO, Role.AUTHORITY_ADMIN)

rules.add_perm("resources.view", is_member)
rules.add_perm("resources.create", can_write)
rules.add_perm("resources.edit", can_write)
rules.add_perm("resources.allocate", can_write)
rules.add_perm("resources.manage", manages_partnerships)
rules.add_perm("resources.view_contacts", is_member)
