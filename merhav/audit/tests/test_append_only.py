"""The audit log is append-only: entries are added, never changed or removed (except by retention)."""

import pytest

from merhav.audit.models import AuditEntry, AuditLogError
from merhav.audit.services import Action, record


@pytest.fixture
def entry(staff):
    return record(action=Action.LOGIN, user=staff, obj=staff)


def test_saving_an_existing_entry_raises(entry):
    entry.action = Action.LOGOUT
    with pytest.raises(AuditLogError):
        entry.save()
    assert AuditEntry.objects.get(pk=entry.pk).action == Action.LOGIN


def test_deleting_an_entry_raises(entry):
    with pytest.raises(AuditLogError):
        entry.delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_queryset_update_raises(entry):
    with pytest.raises(AuditLogError):
        AuditEntry.objects.filter(pk=entry.pk).update(action=Action.LOGOUT)
    with pytest.raises(AuditLogError):
        AuditEntry.objects.update(fields=[])


def test_queryset_delete_raises(entry):
    with pytest.raises(AuditLogError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AuditLogError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_bulk_update_raises(entry):
    entry_copy = AuditEntry.objects.get(pk=entry.pk)
    entry_copy.action = Action.LOGOUT
    with pytest.raises(AuditLogError):
        AuditEntry.objects.bulk_update([entry_copy], ["action"])


def test_record_stores_field_names_not_values(staff):
    entry = record(action=Action.UPDATE, user=staff, obj=staff, fields=["phone", "full_name", "phone"])
    assert entry.fields == ["full_name", "phone"]
    assert entry.object_type == "accounts.user"
    assert entry.object_id == str(staff.pk)
