"""How the audit log names what this module records besides its models and their fields (declared in apps.py as
the module's audit_words): the work plan's budget, exported with its actions."""

from django.utils.translation import gettext_lazy as _

WORDS = {
    "budget": _("budget"),
}
