import rules

from merhav.tenancy.policy import is_member

rules.add_perm("lessons.view", is_member)
