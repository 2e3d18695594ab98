"""The partners pages as the house's three personas: a member who writes, the auditor who reads and may
not write, an outsider who gets a 404; and the amuta's registration number, validated."""

import pytest

from merhav.audit.models import AuditEntry
from merhav.core.context import acting_as

from ..models import Partner, PartnerContact
from ..services import update_partner
from ..validators import with_check_digit
from .support import make_partner, stored, url

AMUTA_NUMBER = with_check_digit("58012345")


def test_a_member_creates_an_amuta_and_it_is_audited(login, authority, staff):
    response = login(staff).post(url("partner_create", authority), {
        "name": "  עמותת הבדיקה ", "kind": Partner.Kind.AMUTA, "registration_number": "58-012345-3",
        "status": Partner.Status.ACTIVE, "added_value": "שורה\r\nשורה"})
    [created] = stored(Partner, authority)
    assert response.status_code == 302
    assert response["Location"] == url("partner_detail", authority, partner_id=created.pk)
    assert (created.name, created.registration_number, created.added_value) == ("עמותת הבדיקה", AMUTA_NUMBER,
                                                                                  "שורה\nשורה")
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CREATE, object_type="resources.partner")
    assert (entry.user, entry.object_id) == (staff, str(created.pk))


@pytest.mark.parametrize(("number", "message"), [
    ("", "צריכה את מספר הרישום"),
    ("12345", "תשע ספרות"),
    ("510123456", "מתחיל ב-58"),
    ("580123450", "ספרת הביקורת"),
])
def test_a_malformed_registration_number_is_said_beside_the_field(login, authority, staff, number, message):
    response = login(staff).post(url("partner_create", authority), {
        "name": "עמותה", "kind": Partner.Kind.AMUTA, "registration_number": number, "status": "active"})
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["registration_number"])
    assert stored(Partner, authority) == []


def test_a_company_needs_no_registration_number_and_names_are_unique(login, authority, staff):
    make_partner(authority, by=staff, name="חברה")
    response = login(staff).post(url("partner_create", authority), {
        "name": "חברה", "kind": Partner.Kind.COMPANY, "status": "active"})
    assert response.status_code == 400
    assert "name" in response.context["form"].errors


def test_the_list_and_the_page_show_it_and_contacts_reads_are_audited(login, authority, staff):
    partner = make_partner(authority, by=staff, name="מופיע ברשימה", added_value="ערך מוסף ייחודי")
    client = login(staff)
    client.post(url("contact_add", authority, partner_id=partner.pk), {"full_name": "שרית אלמוג", "phone": "050"})
    assert "מופיע ברשימה" in client.get(url("partner_list", authority)).content.decode()
    page = client.get(url("partner_detail", authority, partner_id=partner.pk)).content.decode()
    assert "ערך מוסף ייחודי" in page and "שרית אלמוג" in page
    [contact] = stored(PartnerContact, authority)
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.VIEW_PERSONAL).latest("pk")
    assert (entry.object_type, entry.object_id) == ("resources.partnercontact", str(contact.pk)) or \
        str(contact.pk) in str(entry.__dict__)


def test_a_stale_edit_shows_the_conflict_screen_and_overwrites_nothing(login, authority, staff, ceo):
    partner = make_partner(authority, by=ceo, name="המקור")
    with acting_as(ceo, authority=authority):
        update_partner(partner=partner, version=1, name="של המנכ״ל", kind=partner.kind, registration_number="",
                       status="active")
    response = login(staff).post(url("partner_edit", authority, partner_id=partner.pk), {
        "name": "שלי", "kind": Partner.Kind.COMPANY, "status": "active", "version": 1})
    assert response.status_code == 409
    assert response.context["form"]["version"].value() == "2"
    assert [(p.name, p.version) for p in stored(Partner, authority)] == [("של המנכ״ל", 2)]


def test_the_auditor_reads_and_every_write_is_refused(login, authority, auditor, staff):
    partner = make_partner(authority, by=staff, name="לא ישתנה")
    client = login(auditor)
    assert client.get(url("partner_list", authority)).status_code == 200
    assert client.get(url("partner_detail", authority, partner_id=partner.pk)).status_code == 200
    body = {"name": "שונה", "kind": "company", "status": "active", "version": 1}
    assert client.post(url("partner_create", authority), body).status_code == 403
    assert client.post(url("partner_edit", authority, partner_id=partner.pk), body).status_code == 403
    assert [(p.name, p.version) for p in stored(Partner, authority)] == [("לא ישתנה", 1)]
    assert AuditEntry.objects.filter(action=AuditEntry.Action.DENIED, user=auditor).count() == 2


def test_an_outsider_gets_404(login, authority, outsider, staff):
    partner = make_partner(authority, by=staff)
    client = login(outsider)
    for path in (url("partner_list", authority), url("partner_create", authority),
                 url("partner_detail", authority, partner_id=partner.pk),
                 url("partner_edit", authority, partner_id=partner.pk)):
        assert client.get(path).status_code == 404, path
