from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from merhav.audit.models import AuditEntry


class Command(BaseCommand):
    help = "Delete audit entries older than the retention period (AUDIT_RETENTION_MONTHS, default 24)."

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=settings.MERHAV_AUDIT_RETENTION_MONTHS)

    def handle(self, *args, months: int, **options):
        cutoff = timezone.now() - relativedelta(months=months)
        removed = AuditEntry.objects.purge_older_than(cutoff)
        self.stdout.write(f"Removed {removed} audit entries older than {cutoff:%Y-%m-%d}.")
