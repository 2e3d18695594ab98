"""Print the current two-factor code of a demo user (development only)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Print the current TOTP code of a demo user's 'demo' device. Refuses unless DEBUG is on."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email: str, **options):
        if not settings.DEBUG:
            raise CommandError("demo_otp works only with DEBUG on (development).")
        device = TOTPDevice.objects.filter(user__email__iexact=email, name="demo", confirmed=True).first()
        if device is None:
            raise CommandError(f"No demo two-factor device for {email}.")
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
        self.stdout.write(f"{code:0{device.digits}d}")
