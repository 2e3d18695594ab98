"""How the audit log names what this module records besides its models and their fields (declared in apps.py as
the module's audit_words): the parts of a community that are exported."""

from django.utils.translation import gettext_lazy as _

WORDS = {
    "syllabus": _("syllabus"),
    "network": _("network diagram"),
    "ties": _("network ties"),
}
