"""/a/<slug>/audit/: the auditor and the authority admin browse and filter the log; others may not."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from merhav.audit.models import AuditEntry
from merhav.audit.services import Action, record


def log_url(authority, **params) -> str:
    url = reverse("audit:log", kwargs={"authority_slug": authority.slug})
    if params:
        from urllib.parse import urlencode

        url += "?" + urlencode(params)
    return url


def shown(response) -> list[AuditEntry]:
    return list(response.context["page"].object_list)


@pytest.mark.parametrize("persona", ["auditor", "authority_admin"])
def test_auditor_and_authority_admin_see_the_log(login, request, authority, staff, persona):
    record(action=Action.UPDATE, user=staff, authority=authority, object_type="tenancy.department", object_id=7,
           fields=["custom_name"])
    response = login(request.getfixturevalue(persona)).get(log_url(authority))
    assert response.status_code == 200
    content = response.content.decode()
    # In the reader's language (Hebrew by default): the model's and the field's names, not internal ones.
    assert "אגף #7" in content and "tenancy.department" not in content
    assert "custom_name" not in content


@pytest.mark.parametrize("persona", ["staff", "ceo", "department_head"])
def test_other_members_are_refused(login, request, authority, persona):
    assert login(request.getfixturevalue(persona)).get(log_url(authority)).status_code == 403


def test_outsider_gets_404(login, outsider, authority):
    assert login(outsider).get(log_url(authority)).status_code == 404


def test_anonymous_is_sent_to_log_in(client, authority):
    response = client.get(log_url(authority))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_another_authoritys_entries_are_not_shown(login, auditor, authority, other_authority, outsider):
    record(action=Action.UPDATE, user=outsider, authority=other_authority, object_type="x.other")
    entries = shown(login(auditor).get(log_url(authority)))
    assert entries and all(e.authority_id == authority.pk or e.authority_id is None for e in entries)
    assert not any(e.object_type == "x.other" for e in entries)


def test_members_logins_are_shown_but_not_strangers(login, auditor, staff, authority, outsider):
    record(action=Action.LOGIN, user=staff, obj=staff)
    record(action=Action.LOGIN, user=outsider, obj=outsider)
    entries = shown(login(auditor).get(log_url(authority, action=Action.LOGIN)))
    users = {e.user_id for e in entries}
    assert staff.pk in users
    assert outsider.pk not in users


def test_filter_by_action(login, auditor, staff, authority):
    record(action=Action.EXPORT, user=staff, authority=authority, object_type="lessons.review")
    record(action=Action.DENIED, user=staff, authority=authority, object_type="lessons.edit")
    entries = shown(login(auditor).get(log_url(authority, action=Action.EXPORT)))
    assert [e.object_type for e in entries] == ["lessons.review"]


def test_filter_by_person(login, auditor, staff, ceo, authority):
    record(action=Action.EXPORT, user=staff, authority=authority, object_type="by.staff")
    record(action=Action.EXPORT, user=ceo, authority=authority, object_type="by.ceo")
    entries = shown(login(auditor).get(log_url(authority, action=Action.EXPORT, user=ceo.pk)))
    assert [e.object_type for e in entries] == ["by.ceo"]


def test_filter_by_dates_in_local_time(login, auditor, staff, authority):
    # 23:30 in Jerusalem on 1 March is 21:30 UTC the same day; 00:30 on 2 March is 22:30 UTC on 1 March.
    for when, label in [(dt.datetime(2026, 3, 1, 21, 30, tzinfo=dt.UTC), "first"),
                        (dt.datetime(2026, 3, 1, 22, 30, tzinfo=dt.UTC), "second"),
                        (dt.datetime(2026, 3, 5, 9, 0, tzinfo=dt.UTC), "later")]:
        with time_machine.travel(when, tick=False):
            record(action=Action.EXPORT, user=staff, authority=authority, object_type=label)
    client = login(auditor)
    day_one = shown(client.get(log_url(authority, action=Action.EXPORT, date_from="2026-03-01", date_to="2026-03-01")))
    assert [e.object_type for e in day_one] == ["first"]
    from_two = shown(client.get(log_url(authority, action=Action.EXPORT, date_from="2026-03-02")))
    assert [e.object_type for e in from_two] == ["later", "second"]


def test_newest_first_and_paginated(login, auditor, staff, authority):
    for n in range(55):
        record(action=Action.EXPORT, user=staff, authority=authority, object_type=f"n{n}")
    client = login(auditor)
    first = client.get(log_url(authority, action=Action.EXPORT))
    assert len(shown(first)) == 50
    assert shown(first)[0].object_type == "n54"
    second = client.get(log_url(authority, action=Action.EXPORT, page=2))
    assert [e.object_type for e in shown(second)] == [f"n{n}" for n in range(4, -1, -1)]


def test_an_invalid_filter_shows_everything_and_the_error(login, auditor, authority):
    response = login(auditor).get(log_url(authority, date_from="not-a-date"))
    assert response.status_code == 200
    assert response.context["form"].errors["date_from"]


@pytest.mark.parametrize("rows", [3, 45])
def test_query_count_does_not_grow_with_the_rows(login, auditor, make_user, authority, rows,
                                                 django_assert_max_num_queries):
    people = [make_user(authority=authority) for _ in range(3)]
    for n in range(rows):
        record(action=Action.UPDATE, user=people[n % 3], authority=authority, object_type="x", fields=["a"])
    client = login(auditor)
    client.get(log_url(authority))  # warm the session and the caches
    with django_assert_max_num_queries(12):
        response = client.get(log_url(authority, action=Action.UPDATE))
    assert len(shown(response)) == rows


@pytest.mark.parametrize("language,words", [
    ("he", ["משימה: להכין הודעות נצורות", "תאריך יעד", "ניסיון:"]),
    ("ar", ["مهمة: להכין הודעות נצורות", "ساعة الاجتماع"]),
    ("en", ["Action: להכין הודעות נצורות", "due date", "Review: ", "meeting time", "Attempted:",
            "mark a review as held", "Print view"]),
])
def test_the_log_names_objects_fields_and_refusals_in_the_readers_language(login, auditor, staff, authority,
                                                                          language, words):
    from merhav.lessons.tests.factories import ActionItemFactory, ReviewFactory

    review = ReviewFactory(authority=authority, title="הפסקת חשמל")
    action = ActionItemFactory(review=review, owner=staff, title="להכין הודעות נצורות")
    record(action=Action.UPDATE, user=staff, authority=authority, obj=action, fields=["due_date"])
    record(action=Action.UPDATE, user=staff, authority=authority, obj=review, fields=["meeting_time"])
    record(action=Action.PRINT, user=staff, authority=authority, obj=review)
    record(action=Action.DENIED, user=auditor, authority=authority, obj=review,
           fields=["perm:lessons.hold_review", f"page:POST /a/{authority.slug}/lessons/reviews/{review.pk}/hold/"])
    content = login(auditor, language=language).get(log_url(authority)).content.decode()
    for word in words:
        assert word in content
    assert "lessons.actionitem" not in content and "due_date" not in content
    # Each object links to its page.
    assert f'href="/a/{authority.slug}/lessons/actions/{action.pk}/"' in content
    assert f"/lessons/reviews/{review.pk}/hold/" in content  # the page that was attempted


def test_a_refused_write_keeps_the_permission_and_the_page(login, auditor, authority):
    from merhav.lessons.tests.factories import ReviewFactory

    review = ReviewFactory(authority=authority, draft=True)
    hold = f"/a/{authority.slug}/lessons/reviews/{review.pk}/hold/"
    assert login(auditor).post(hold).status_code == 403
    entry = AuditEntry.objects.get(action=Action.DENIED, user=auditor)
    assert entry.fields == sorted(["perm:lessons.hold_review", f"page:POST {hold}"])


def test_a_reverse_relation_in_the_fields_is_named_by_its_rows(login, auditor, staff, authority):
    from merhav.lessons.tests.factories import FollowUpFactory, ReviewFactory

    review = ReviewFactory(authority=authority)
    follow_up = FollowUpFactory(review=review)
    record(action=Action.UPDATE, user=staff, authority=authority, obj=follow_up, fields=["items", "notes"])
    record(action=Action.UPDATE, user=staff, authority=authority, obj=review, fields=["actions", "guests"])
    response = login(auditor, language="en").get(log_url(authority))
    assert response.status_code == 200
    content = response.content.decode()
    assert "follow-up items" in content and "action items" in content
    assert "participants without an account" in content
