"""The authority's lessons data versions: counted by the services, read by analysis.py (`version`) and by
the oversight figures' cache (`figures_version`)."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django_scopes import scopes_disabled

from ..models import LessonsDataVersion
from ..tasks import refresh_lessons_analysis


def _count(authority_id: int, fields: tuple[str, ...]) -> None:
    """One UPDATE … SET field = field + 1 (never a read then a write), creating the row the first time."""
    with scopes_disabled():
        versions = LessonsDataVersion.objects.filter(authority_id=authority_id)
        if not versions.update(**{name: F(name) + 1 for name in fields}):
            try:
                with transaction.atomic():
                    LessonsDataVersion.objects.create(authority_id=authority_id, **{name: 1 for name in fields})
            except IntegrityError:  # created by a concurrent writer meanwhile
                versions.update(**{name: F(name) + 1 for name in fields})


def data_changed(authority_id: int) -> None:
    """Count one change of the authority's lessons data (inside the writing transaction) and have the
    worker recompute what depends on it once the transaction commits. The oversight figures change too."""
    _count(authority_id, ("version", "figures_version"))
    transaction.on_commit(lambda: refresh_lessons_analysis.enqueue(authority_id=authority_id))


def figures_changed(authority_id: int) -> None:
    """Count one change of what the oversight dashboard counts (inside the writing transaction): its cached
    figures are recomputed on the next view. Nothing of the worker's analysis depends on it."""
    _count(authority_id, ("figures_version",))
