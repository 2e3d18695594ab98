"""Roles a user can hold in an authority, and what each role implies."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    AUTHORITY_ADMIN = "authority_admin", _("Authority admin (CIO)")
    CEO = "ceo", _("CEO")
    DEPARTMENT_HEAD = "department_head", _("Department head")
    STAFF = "staff", _("Staff")
    PARTNERSHIPS_MANAGER = "partnerships_manager", _("Partnerships manager")
    AUDITOR = "auditor", _("Auditor")
    INTAKE_COORDINATOR = "intake_coordinator", _("Intake coordinator")
    VIEWER = "viewer", _("Viewer")


# Roles that can see personal data (the auditor: contact details and the audit log): they must use
# two-factor authentication.
ROLES_REQUIRING_2FA = frozenset(
    {Role.AUTHORITY_ADMIN, Role.CEO, Role.INTAKE_COORDINATOR, Role.DEPARTMENT_HEAD, Role.AUDITOR}
)

# Roles that may change authority data at all (the auditor and the viewer only read).
WRITING_ROLES = frozenset(
    {
        Role.AUTHORITY_ADMIN,
        Role.CEO,
        Role.DEPARTMENT_HEAD,
        Role.STAFF,
        Role.PARTNERSHIPS_MANAGER,
        Role.INTAKE_COORDINATOR,
    }
)

# Roles that see the authority's people and the audit log.
MANAGING_ROLES = frozenset({Role.AUTHORITY_ADMIN, Role.CEO})
