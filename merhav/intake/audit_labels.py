"""How the audit log names what this module records besides its models and their fields (declared in apps.py as
the module's audit_words): the questionnaire's sections (an export or a change of a section's answers), the
person's record handed over on request, and the counts of a merge and of the retention purge."""

from django.utils.translation import gettext_lazy as _

from .models import SectionKey

WORDS = {
    **dict(SectionKey.choices),
    "subject_access": _("the person's whole record (access request)"),
    "retention": _("retention period ended"),
    "people": _("people"),
    "merged": _("merged with a duplicate"),
    "merged_into": _("merged into person #"),
    "answers": _("answers moved"),
    "services": _("services moved"),
}
