from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessibilityStatement(models.Model):
    """The variable part of the accessibility statement (הצהרת נגישות): one row for the whole site.

    The statement is about the site, which one operator runs for every authority, and it is public: a
    visitor who is not logged in belongs to no authority, so there is one coordinator to name, the
    operator's. National administrators keep it current (merhav.workspace's national pages); the fixed
    text, what conforms and what does not yet, is in ui/accessibility_statement.html in three languages.
    """

    SINGLETON_ID = 1

    coordinator_name = models.CharField(_("accessibility coordinator"), max_length=200, blank=True)
    coordinator_email = models.EmailField(_("coordinator's email"), blank=True)
    coordinator_phone = models.CharField(_("coordinator's phone"), max_length=30, blank=True)
    reviewed_on = models.DateField(_("date of the last accessibility review"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("accessibility statement")
        verbose_name_plural = _("accessibility statement")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
