"""Retention: when the emergency has ended, the authority sets how long evacuees' personal data is kept
(merhav.intake.erasure reports what the daily job would erase, and erases it when the period is over)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from merhav.audit.services import Action, record
from merhav.core import context
from merhav.tenancy.models import Authority

from ..erasure import RetentionReport, retention_report, settings_of  # noqa: F401  (the pages read them here)
from ..models import IntakeSettings


def set_retention(*, authority: Authority, emergency_ended_on: date | None, retention_months: int | None) -> None:
    user = context.current_user()
    if user is not None and not user.has_perm("intake.configure", authority):
        raise PermissionDenied("intake.configure")
    errors = {}
    if emergency_ended_on and emergency_ended_on > timezone.localdate():
        errors["emergency_ended_on"] = [_("The end of the emergency cannot be in the future.")]
    if retention_months is not None and not 1 <= retention_months <= 120:
        errors["retention_months"] = [_("Between 1 and 120 months.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), scope(authority=authority):
        settings, _created = IntakeSettings.objects.select_for_update().get_or_create(authority=authority)
        changed = [name for name, value in (("emergency_ended_on", emergency_ended_on),
                                            ("retention_months", retention_months)) if getattr(settings, name) != value]
        if changed:
            settings.emergency_ended_on, settings.retention_months = emergency_ended_on, retention_months
            settings.version += 1
            settings.save()
            record(action=Action.UPDATE, obj=settings, fields=changed)
