"""The gap document's writes (the manager's text per gap, dated snapshots), the module's settings and the
secret link of the public needs page."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from merhav.audit.services import Action, record
from merhav.core import context
from merhav.core.versioning import apply_changes, lock_current
from merhav.tenancy.models import Authority

from ..models import Category, GapNote, GapSnapshot, Neighbourhood, PublicLink, Settings


def settings_of(authority: Authority) -> Settings:
    """The authority's settings row (made with the defaults the first time)."""
    with scope(authority=authority):
        found = Settings.objects.filter(authority=authority).first()
        if found is None:
            found, _created = Settings.objects.get_or_create(authority=authority)
        return found


def update_settings(*, authority: Authority, version: int | None, stale_after_days: int) -> list[str]:
    if stale_after_days is None or not 1 <= stale_after_days <= 3650:
        raise ValidationError({"stale_after_days": _("Enter a number of days between 1 and 3650.")})
    settings_of(authority)
    with transaction.atomic(), scope(authority=authority):
        current = lock_current(Settings.objects, authority=authority, version=version)
        changed = apply_changes(current, {"stale_after_days": stale_after_days})
        if changed:
            record(action=Action.UPDATE, obj=current, fields=changed)
    return changed


def save_gap_note(*, authority: Authority, category: str, neighbourhood: Neighbourhood | None, text: str,
                  version: int | None) -> GapNote:
    """The manager's text on one gap; `version` is the note's version the edit started from (None: new)."""
    if category not in Category.values:
        raise ValidationError({"category": _("Select a valid choice. That choice is not one of the available "
                                             "choices.")})
    if neighbourhood is not None and neighbourhood.authority_id != authority.pk:
        raise ValidationError({"neighbourhood": _("Select a valid choice. That choice is not one of the "
                                                  "available choices.")})
    text = (text or "").replace("\r\n", "\n").strip()[:5000]
    with transaction.atomic(), scope(authority=authority):
        note, created = GapNote.objects.get_or_create(
            authority=authority, category=category, neighbourhood=neighbourhood,
            defaults={"text": text, "updated_by": context.current_user()})
        if created:
            record(action=Action.CREATE, obj=note, fields=["text"])
            return note
        current = lock_current(GapNote.objects, pk=note.pk, version=version)
        changed = apply_changes(current, {"text": text, "updated_by": context.current_user()})
        if changed:
            record(action=Action.UPDATE, obj=current, fields=["text"])
    return current


def take_gap_snapshot(*, authority: Authority, label: str = "") -> GapSnapshot:
    from ..selectors.gaps import gap_rows

    with transaction.atomic(), scope(authority=authority):
        rows = [row.as_stored() for row in gap_rows(authority)]
        snapshot = GapSnapshot.objects.create(authority=authority, label=(label or "").strip()[:150],
                                              taken_by=context.current_user(), rows=rows)
        record(action=Action.CREATE, obj=snapshot, fields=["rows"])
    return snapshot


def create_public_link(*, authority: Authority) -> PublicLink:
    """A new secret link to the public needs page; the links made before it are revoked."""
    with transaction.atomic(), scope(authority=authority):
        PublicLink.objects.filter(authority=authority, revoked_at__isnull=True).update(revoked_at=timezone.now())
        link = PublicLink.objects.create(authority=authority, created_by=context.current_user())
        record(action=Action.CREATE, obj=link, fields=["token"])
    return link


def revoke_public_links(*, authority: Authority) -> int:
    with transaction.atomic(), scope(authority=authority):
        links = list(PublicLink.objects.filter(authority=authority, revoked_at__isnull=True))
        for link in links:
            link.revoked_at = timezone.now()
            link.save(update_fields=["revoked_at"])
            record(action=Action.UPDATE, obj=link, fields=["revoked_at"])
    return len(links)
