"""A people sheet with bad rows: every error with its line number, and nothing applied."""

from django_scopes import scope

from merhav.tenancy.models import Department, Invitation, Membership, StandardDepartment
from merhav.tenancy.roles import Role

from .conftest import page


def test_bad_rows_are_reported_with_their_line_numbers_and_nothing_is_applied(
    login, authority, authority_admin, staff, sheet, upload
):
    rows = [
        ["good@example.org", "טוב", "staff", "education", ""],   # line 2
        ["not-an-email", "רע", "staff", "", ""],                  # line 3
        ["role@example.org", "", "mayor", "", ""],               # line 4
        ["dept@example.org", "", "staff", "No such department", ""],  # line 5
        [None, None, None, None, None],                           # line 6: blank, skipped
        ["twice@example.org", "", "", "", ""],                    # line 7
        ["TWICE@example.org", "", "", "", ""],                    # line 8
        ["", "בלי מייל", "staff", "", ""],                          # line 9
        [staff.email, "", "auditor", "", ""],                     # line 10: would be fine
    ]
    client = login(authority_admin, language="en")
    response = upload(client, authority, sheet(rows))
    preview = client.get(response.url)
    body = preview.content.decode()
    assert preview.context["summary"]["errors"] == 5
    for expected in (
        "Line 3: “not-an-email” is not a valid email address.",
        "Line 4: Unknown role “mayor”.",
        "Line 5: Unknown department “No such department”.",
        "Line 8: This email address already appears on line 7.",
        "Line 9: The email address is missing.",
    ):
        assert expected in body
    assert "Line 2:" not in body and "Line 6" not in body
    assert "Apply the sheet" not in body

    # Even a forced confirmation applies nothing.
    refused = client.post(response.url)
    assert refused.status_code == 200
    assert "Nothing was applied" in refused.content.decode()
    with scope(authority=authority):
        assert not Invitation.objects.exists()
        assert Membership.objects.get(user=staff).role == Role.STAFF


def test_a_row_that_became_invalid_after_the_preview_stops_the_whole_sheet(login, authority, authority_admin, sheet, upload):
    client = login(authority_admin, language="en")
    response = upload(client, authority, sheet([
        ["a@example.org", "", "staff", "", ""],
        ["b@example.org", "", "staff", "welfare", ""],
    ]))
    assert client.get(response.url).context["summary"]["errors"] == 0
    with scope(authority=authority):
        Department.objects.filter(authority=authority, kind=StandardDepartment.WELFARE).update(is_active=False)
    refused = client.post(response.url)
    assert refused.status_code == 200
    assert "Line 3: The department “welfare” is not active." in refused.content.decode()
    with scope(authority=authority):
        assert not Invitation.objects.exists()


def test_an_import_cannot_leave_the_authority_without_an_admin(login, authority, authority_admin, sheet, upload):
    client = login(authority_admin, language="en")
    response = upload(client, authority, sheet([[authority_admin.email, "", "staff", "", ""]]))
    assert "without an active authority admin" in client.get(response.url).content.decode()
    client.post(response.url)
    with scope(authority=authority):
        assert Membership.objects.get(user=authority_admin).role == Role.AUTHORITY_ADMIN


def test_an_inactive_member_is_reported(login, authority, authority_admin, staff, sheet, upload):
    with scope(authority=authority):
        Membership.objects.filter(user=staff).update(is_active=False)
    client = login(authority_admin, language="en")
    response = upload(client, authority, sheet([[staff.email, "", "staff", "", ""]]))
    assert "membership is inactive" in client.get(response.url).content.decode()


def test_an_unknown_token_is_404(login, authority, authority_admin):
    response = login(authority_admin).get(page("people_import_preview", authority, token="nope"))
    assert response.status_code == 404
