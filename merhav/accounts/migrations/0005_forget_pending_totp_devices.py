"""Delete the unconfirmed TOTP devices the old set-up page made: one per user, shared by every session,
so their keys may have been seen by someone else with the password. The key of an enrolment now
belongs to one session and is saved only when confirmed; a user in the middle of enrolling is simply
shown a new key."""

from django.db import migrations


def forget_pending_devices(apps, schema_editor):
    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
    TOTPDevice.objects.filter(confirmed=False).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0004_api_token_expiry_two_factor_generation"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [
        migrations.RunPython(forget_pending_devices, migrations.RunPython.noop),
    ]
