from django.db import models
from django.utils.translation import gettext_lazy as _


class RateCounter(models.Model):
    """Requests of one client in one fixed window of one rate limit (merhav/core/ratelimit.py).

    A row per (limit, client, window), counted with one atomic UPDATE … SET count = count + 1, so parallel
    requests from several web processes are all counted; expired windows are deleted by a periodic job.
    """

    key = models.CharField(max_length=200, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("rate counter")
        verbose_name_plural = _("rate counters")

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"


class FormSubmission(models.Model):
    """A create form's one-time token, claimed by the first submit in the same transaction as what it
    created, with the page that submit landed on (merhav/core/submit_once.py). A second submit of the same
    form — a double click, a reload, a parallel request — finds the token taken and lands there too."""

    token = models.CharField(max_length=64, unique=True)
    user_id = models.BigIntegerField(null=True)  # no foreign key: the core knows no app's models
    result_url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")

    def __str__(self) -> str:
        return self.result_url


class DataVersion(models.Model):
    """How many times one part (`name`: a module, or a narrower part of one) of an authority's data has
    changed. Raised by the services in the writing transaction (merhav.core.versions.bump: one upsert), read
    by the pages with one indexed row read, so that what they derive from many rows (a panel's counts, a
    dashboard's totals) is computed once per version and kept in each web process's memory."""

    authority_id = models.BigIntegerField()  # no foreign key: the core knows no app's models
    name = models.CharField(max_length=100)
    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")
        constraints = [models.UniqueConstraint(fields=["authority_id", "name"], name="core_dataversion_unique")]

    def __str__(self) -> str:
        return f"{self.authority_id}:{self.name}: {self.version}"
