"""The authority's own synonym groups for finding similar lessons (beside the domain's list in
similarity.py). Each change counts as a change of the lessons data: the similarity index is rebuilt."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_scopes import scope

from merhav.accounts.models import User
from merhav.audit.services import Action, record
from merhav.core.rows import id_of
from merhav.tenancy.models import Authority

from ..models import LessonSynonyms
from ..similarity import parse_synonyms
from .data_version import data_changed


def add_synonyms(*, authority: Authority | int, words: str, by: User) -> LessonSynonyms:
    """Add a group of words or phrases (separated by commas) that mean the same for this authority."""
    parsed = parse_synonyms(words)
    if len(parsed) < 2:
        raise ValidationError({"words": _("Write at least two words or phrases, separated by commas.")})
    authority_id = id_of(authority)
    with transaction.atomic(), scope(authority=authority_id):
        group = LessonSynonyms.objects.create(authority_id=authority_id, words=", ".join(parsed)[:2000], created_by=by)
        record(action=Action.CREATE, user=by, obj=group, fields=["words"])
        data_changed(authority_id)
    return group


def delete_synonyms(*, group: LessonSynonyms, by: User) -> None:
    with transaction.atomic(), scope(authority=group.authority_id):
        record(action=Action.DELETE, user=by, obj=group, fields=["words"])
        group.delete()
        data_changed(group.authority_id)
