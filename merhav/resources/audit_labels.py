"""How the audit log names what this module records besides its models and their fields (declared in apps.py as
the module's audit_words): the gap document, which is made from the needs and resources, not stored."""

from django.utils.translation import gettext_lazy as _

WORDS = {
    "resources.gapdocument": _("Gap document"),
}
