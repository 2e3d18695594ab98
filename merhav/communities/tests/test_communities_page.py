"""The communities pages as the house's three personas: a member who writes (staff), the auditor who
reads and may not write, and an outsider (the CEO of another authority) who gets a 404."""

import pytest

from merhav.audit.models import AuditEntry
from merhav.core.context import acting_as

from ..models import Community
from ..services import update_community
from .support import make_community, stored, url


def test_a_member_creates_one_and_it_is_audited(login, authority, staff):
    response = login(staff).post(url("create", authority), {
        "title": "  הראשון  ", "status": Community.Status.IN_PROGRESS, "description": "שורה\r\nשורה",
    })
    [created] = stored(authority)
    assert response.status_code == 302
    assert response["Location"] == url("detail", authority, community_id=created.pk)
    assert (created.title, created.status, created.description) == ("הראשון", "in_progress", "שורה\nשורה")
    assert (created.created_by, created.updated_by, created.version) == (staff, staff, 1)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CREATE, object_type="communities.community")
    assert (entry.user, entry.authority_id, entry.object_id) == (staff, authority.pk, str(created.pk))


def test_the_list_and_the_page_show_it(login, authority, staff):
    community = make_community(authority, by=staff, title="מופיע ברשימה", description="פרטים מלאים")
    client = login(staff)
    assert "מופיע ברשימה" in client.get(url("index", authority)).content.decode()
    page = client.get(url("detail", authority, community_id=community.pk)).content.decode()
    assert "פרטים מלאים" in page


def test_a_missing_title_is_said_beside_the_field_and_nothing_is_stored(login, authority, staff):
    response = login(staff).post(url("create", authority), {"title": " ", "status": Community.Status.DRAFT})
    assert response.status_code == 400
    assert response.context["form"].errors["title"] == ["זהו שדה חובה."]
    assert stored(authority) == []


def test_an_edit_saves_what_changed_and_audits_the_field_names(login, authority, staff, ceo):
    community = make_community(authority, by=ceo, title="לפני")
    response = login(staff).post(url("edit", authority, community_id=community.pk), {
        "title": "אחרי", "status": Community.Status.DRAFT, "description": "", "version": 1,
    })
    assert response.status_code == 302
    [saved] = stored(authority)
    assert (saved.title, saved.version, saved.updated_by, saved.created_by) == ("אחרי", 2, staff, ceo)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.UPDATE, object_type="communities.community")
    assert (entry.user, entry.object_id, entry.fields) == (staff, str(saved.pk), ["title"])


def test_a_stale_edit_shows_the_conflict_screen_and_overwrites_nothing(login, authority, staff, ceo):
    community = make_community(authority, by=ceo, title="המקור")
    with acting_as(ceo, authority=authority):
        update_community(community=community, version=1, title="של המנכ״ל", description="", status="draft")
    response = login(staff).post(url("edit", authority, community_id=community.pk), {
        "title": "שלי", "status": Community.Status.DRAFT, "description": "", "version": 1,
    })
    assert response.status_code == 409
    assert response.context["conflict"].current.title == "של המנכ״ל"  # what is saved now, shown above the form
    assert '<dd dir="auto">של המנכ״ל</dd>' in response.content.decode()
    form = response.context["form"]
    assert (form["title"].value(), form["version"].value()) == ("שלי", "2")  # the person's values, the new version
    assert "מישהו אחר שמר כאן שינוי" in response.content.decode()
    assert [(e.title, e.version) for e in stored(authority)] == [("של המנכ״ל", 2)]


def test_the_auditor_reads_and_every_write_is_refused_and_audited(login, authority, auditor, staff):
    community = make_community(authority, by=staff, title="לא ישתנה")
    client = login(auditor)
    assert client.get(url("index", authority)).status_code == 200
    assert client.get(url("detail", authority, community_id=community.pk)).status_code == 200
    body = {"title": "שונה", "status": Community.Status.DRAFT, "version": 1}
    assert client.post(url("create", authority), body).status_code == 403
    assert client.post(url("edit", authority, community_id=community.pk), body).status_code == 403
    assert [(e.title, e.version) for e in stored(authority)] == [("לא ישתנה", 1)]
    assert AuditEntry.objects.filter(action=AuditEntry.Action.DENIED, user=auditor).count() == 2


def test_an_outsider_gets_404_everywhere(login, authority, outsider, staff):
    community = make_community(authority, by=staff)
    client = login(outsider)
    for path in (url("index", authority), url("create", authority),
                 url("detail", authority, community_id=community.pk),
                 url("edit", authority, community_id=community.pk)):
        assert client.get(path).status_code == 404, path
        assert client.post(path, {"title": "x", "status": "draft", "version": 1}).status_code == 404, path


@pytest.mark.parametrize("count", [2, 40])
def test_the_list_costs_the_same_queries_at_any_size(login, authority, staff, count, django_assert_max_num_queries):
    for n in range(count):
        make_community(authority, by=staff, title=f"מספר {n}")
    client = login(staff)
    client.get(url("index", authority))  # warm the session, as any second page view would
    with django_assert_max_num_queries(8):
        response = client.get(url("index", authority))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(count, 25)
