"""The authority administration's create forms sent twice create once; the second submit lands on the
first one's result (issue 18, item 11)."""

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from merhav.core.tests.spreadsheet_bombs import plain_xlsx
from merhav.tenancy.models import Authority, Department, Invitation, PeopleImport, Region
from merhav.tenancy.roles import Role
from merhav.ui.tests.submit_once_support import submit_twice, token_of

from .conftest import page


def test_an_invitation_sent_twice_is_sent_once(login, authority, authority_admin, run_tasks):
    first, second = submit_twice(login(authority_admin), page("invite", authority), {
        "email": "dana@example.org", "full_name": "דנה", "role": Role.STAFF})
    assert first.status_code == second.status_code == 302
    assert first.url == second.url == page("invitations", authority)
    with scope(authority=authority):
        # A second invite would have revoked the first and made another.
        assert list(Invitation.objects.values_list("email", "revoked_at")) == [("dana@example.org", None)]
    run_tasks()
    assert len(mail.outbox) == 1


def test_a_department_added_twice_is_added_once(login, authority, authority_admin):
    first, second = submit_twice(login(authority_admin), page("department_add", authority),
                                 {"custom_name": "נוער וספורט"})
    assert first.status_code == second.status_code == 302
    assert second.url == page("departments", authority)
    with scope(authority=authority):
        assert Department.objects.filter(authority=authority, custom_name="נוער וספורט").count() == 1


def test_an_authority_created_twice_is_created_once(login, national_admin):
    first, second = submit_twice(login(national_admin), reverse("national:authority_create"), {
        "name_he": "קריית הדגמה", "slug": "demo-town", "code": "9911", "kind": Authority.Kind.CITY})
    [authority] = Authority.objects.filter(slug="demo-town")
    assert first.status_code == second.status_code == 302
    assert first.url == second.url == reverse("national:authority_edit", kwargs={"authority_id": authority.pk})


def test_a_region_created_twice_is_created_once(login, national_admin):
    first, second = submit_twice(login(national_admin), reverse("national:region_create"),
                                 {"name_he": "גליל מערבי", "slug": "western-galilee"})
    assert first.status_code == second.status_code == 302
    assert Region.objects.filter(slug="western-galilee").count() == 1


def test_a_sheet_uploaded_twice_is_stored_once(login, authority, authority_admin):
    client = login(authority_admin)
    token = token_of(client.get(page("people_import", authority)))
    responses = []
    for _ in range(2):
        sheet = plain_xlsx([["dana@example.org", "דנה", "staff", "", ""]])
        responses.append(client.post(page("people_import", authority),
                                     {"file": SimpleUploadedFile("people.xlsx", sheet), "submit_token": token}))
    with scopes_disabled():
        [stored] = PeopleImport.objects.all()
    assert [r.status_code for r in responses] == [302, 302]
    assert responses[0].url == responses[1].url == page("people_import_preview", authority, token=stored.token)
