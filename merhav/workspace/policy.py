import rules

from merhav.tenancy.policy import has_role
from merhav.tenancy.roles import Role

rules.add_perm("audit.view_log", has_role(Role.AUTHORITY_ADMIN, Role.AUDITOR))
