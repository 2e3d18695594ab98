"""The authority's lessons data version: counted by the services, read by analysis.py."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django_scopes import scopes_disabled

from ..models import LessonsDataVersion
from ..tasks import refresh_lessons_analysis


def data_changed(authority_id: int) -> None:
    """Count one change of the authority's lessons data (inside the writing transaction) and have the
    worker recompute what depends on it once the transaction commits."""
    with scopes_disabled():
        versions = LessonsDataVersion.objects.filter(authority_id=authority_id)
        if not versions.update(version=F("version") + 1):
            try:
                with transaction.atomic():
                    LessonsDataVersion.objects.create(authority_id=authority_id, version=1)
            except IntegrityError:  # created by a concurrent writer meanwhile
                versions.update(version=F("version") + 1)
    transaction.on_commit(lambda: refresh_lessons_analysis.enqueue(authority_id=authority_id))
