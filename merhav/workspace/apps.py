from django.utils.translation import gettext_lazy as _

from merhav.core.modules import MerhavAppConfig, Module, NavEntry, PanelEntry


class WorkspaceConfig(MerhavAppConfig):
    """The authority's own pages: its dashboard, people, departments, invitations, imports, the audit
    log, and the national administration of authorities and regions."""

    default = True  # Django picks this config, not the imported base class
    name = "merhav.workspace"
    label = "workspace"
    verbose_name = _("Workspace")
    provides = Module(
        authority_urls=(("", "merhav.workspace.urls"), ("audit/", "merhav.workspace.audit_urls")),
        site_urls=(("national/", "merhav.workspace.national_urls"),),
        nav=(
            NavEntry("dashboard", _("Dashboard"), "tenancy:dashboard", "tenancy.view_authority", order=0),
            NavEntry("people", _("People"), "tenancy:people", "tenancy.view_people", order=900),
            NavEntry("audit", _("Audit log"), "audit:log", "audit.view_log", order=950),
        ),
        panels=(
            PanelEntry("people", "tenancy/panels/people.html", "tenancy.view_people",
                       "merhav.workspace.panels.people_panel_context", order=900),
        ),
    )
