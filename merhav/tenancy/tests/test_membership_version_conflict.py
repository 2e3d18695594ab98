"""Two admins edit the same membership: the second save is refused with a clear message, keeps what was
typed, and overwrites nothing."""

from django_scopes import scope

from merhav.tenancy import services
from merhav.tenancy.models import Department, StandardDepartment
from merhav.tenancy.roles import Role

from .conftest import page
from .test_edit_membership import edit_url, membership_of


def test_a_stale_version_is_refused_and_the_typed_values_are_kept(login, authority, authority_admin, staff):
    loaded = membership_of(authority, staff)  # the second admin opens the form now
    with scope(authority=authority):
        health = Department.objects.get(authority=authority, kind=StandardDepartment.HEALTH)
        # …and meanwhile someone else saves a change.
        services.update_membership(membership=loaded, version=loaded.version, role=Role.CEO,
                                   department=health, title="first", by=authority_admin)

    response = login(authority_admin, language="en").post(edit_url(authority, loaded), {
        "role": Role.PARTNERSHIPS_MANAGER, "department": "", "title": "second", "version": loaded.version,
    })
    assert response.status_code == 409
    body = response.content.decode()
    assert "Someone else saved a change here while you were editing" in body
    form = response.context["form"]
    assert (form["role"].value(), form["title"].value()) == (Role.PARTNERSHIPS_MANAGER, "second")
    assert response.context["conflict"].current.role == Role.CEO
    assert ("Job title", "first") in response.context["conflict"].rows  # what is saved now, shown
    assert "<dd dir=\"auto\">first</dd>" in body
    saved = membership_of(authority, staff)
    assert (saved.role, saved.title, saved.version) == (Role.CEO, "first", loaded.version + 1)

    # Saving again, after seeing the other change, is a deliberate choice and goes through.
    again = login(authority_admin).post(edit_url(authority, loaded), {
        "role": Role.PARTNERSHIPS_MANAGER, "department": "", "title": "second", "version": form["version"].value(),
    })
    assert again.status_code == 302
    assert membership_of(authority, staff).title == "second"


def test_deactivating_with_a_stale_version_changes_nothing(login, authority, authority_admin, staff):
    loaded = membership_of(authority, staff)
    with scope(authority=authority):
        services.update_membership(membership=loaded, version=loaded.version, role=Role.STAFF,
                                   department=None, title="changed", by=authority_admin)
    response = login(authority_admin).post(page("membership_deactivate", authority, membership_id=loaded.pk),
                                           {"version": loaded.version})
    assert response.status_code == 302
    assert response.url == edit_url(authority, loaded)
    assert membership_of(authority, staff).is_active is True
