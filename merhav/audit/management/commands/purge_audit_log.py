from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from merhav.audit.services import purge_expired_entries, retention_cutoff


class Command(BaseCommand):
    help = (
        "Delete audit entries older than the retention period (AUDIT_RETENTION_MONTHS, default 24). "
        "The worker also does this every day."
    )

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=settings.MERHAV_AUDIT_RETENTION_MONTHS)

    def handle(self, *args, months: int, **options):
        if months < 1:
            raise CommandError("--months must be at least 1.")
        cutoff = retention_cutoff(months=months)
        removed = purge_expired_entries(months=months)
        self.stdout.write(f"Removed {removed} audit entries older than {cutoff:%Y-%m-%d}.")
