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
