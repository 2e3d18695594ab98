"""Issue 16, item 5: a change to a person's details (name, phone, language: personal data) is in the
audit log, with the names of the changed fields and never their values."""

import json

from django.forms.models import model_to_dict
from django.urls import reverse

from merhav.audit.models import AuditEntry

PROFILE = reverse("accounts:profile")


def entries_about(user):
    return AuditEntry.objects.filter(object_type="accounts.user", object_id=str(user.pk))


def test_a_profile_change_is_audited_with_field_names_and_no_values(login, staff):
    old_name = staff.full_name
    response = login(staff).post(PROFILE, {"full_name": "רונית כהן-לוי", "phone": "050-7654321",
                                           "language": staff.language})
    assert response.status_code == 302
    staff.refresh_from_db()
    assert (staff.full_name, staff.phone) == ("רונית כהן-לוי", "050-7654321")
    entry = entries_about(staff).get(action=AuditEntry.Action.UPDATE)
    assert entry.fields == ["full_name", "phone"]
    assert entry.user == staff
    stored = json.dumps(model_to_dict(entry), default=str, ensure_ascii=False)
    for value in ("רונית", "7654321", old_name):
        assert value not in stored


def test_saving_unchanged_details_writes_no_entry(login, staff):
    login(staff).post(PROFILE, {"full_name": staff.full_name, "phone": staff.phone, "language": staff.language})
    assert not entries_about(staff).filter(action=AuditEntry.Action.UPDATE).exists()


def test_a_form_error_changes_nothing(login, staff):
    old_name = staff.full_name
    response = login(staff).post(PROFILE, {"full_name": "", "phone": "1", "language": staff.language})
    assert response.status_code == 200
    assert response.context["form"].errors["full_name"]
    staff.refresh_from_db()
    assert staff.full_name == old_name
    assert not entries_about(staff).filter(action=AuditEntry.Action.UPDATE).exists()


def test_the_language_switch_is_a_profile_change(login, staff):
    login(staff).post(reverse("accounts:set_language"), {"language": "ar", "next": "/"})
    staff.refresh_from_db()
    assert staff.language == "ar"
    entry = entries_about(staff).get(action=AuditEntry.Action.UPDATE)
    assert entry.fields == ["language"]


def test_the_same_language_again_writes_nothing(login, staff):
    login(staff).post(reverse("accounts:set_language"), {"language": staff.language, "next": "/"})
    assert not entries_about(staff).filter(action=AuditEntry.Action.UPDATE).exists()


def test_asking_for_a_calendar_address_is_audited(login, staff):
    client = login(staff)
    client.post(reverse("accounts:calendar_token_reset"))
    staff.refresh_from_db()
    assert staff.calendar_token
    assert entries_about(staff).get(action=AuditEntry.Action.UPDATE).fields == ["calendar_token"]
    assert staff.calendar_token in client.get(PROFILE).content.decode()
