"""How the audit log names what this module records besides its models and their fields (declared in apps.py as
the module's audit_words): the exported event log ("log.xlsx" reads "event log (Excel spreadsheet)")."""

from django.utils.translation import gettext_lazy as _

WORDS = {
    "log": _("event log"),
}
