"""The shared library across authorities: an author proposes an anonymised copy of a lesson, the source
authority's CEO approves it, and another authority finds it and adopts it into one of its reviews. Nobody
outside the source authority sees a proposal before it is approved."""

from datetime import date, timedelta

import pytest
from django_scopes import scope, scopes_disabled

from merhav.audit.models import AuditEntry
from merhav.lessons.models import EventKind, Lesson, SharedLesson
from merhav.notify.models import Notification
from merhav.tenancy.roles import Role

from .factories import EventFactory, LessonFactory, ReviewFactory
from .support import url

DAY = date(2025, 10, 12)
ORIGINAL = "דנה מהמוקד (050-1234567) לא קיבלה הודעות נצורות מוכנות לפגיעה בתשתיות"
ANONYMISED = "אין הודעות נצורות מוכנות לפגיעה בתשתיות, והמוקד הוצף בשיחות"


@pytest.fixture
def lesson(authority):
    event = EventFactory(authority=authority, starts_on=DAY, ends_on=DAY, kind=EventKind.EMERGENCY)
    return LessonFactory(review=ReviewFactory(event=event, meeting_date=DAY + timedelta(days=2)), text=ORIGINAL,
                         tags=["מוקד"])


@pytest.fixture
def their_staff(make_user, other_authority):
    return make_user(authority=other_authority, role=Role.STAFF)


@pytest.fixture
def their_review(other_authority, their_staff):
    event = EventFactory(authority=other_authority, starts_on=DAY, ends_on=DAY, title="סערה")
    return ReviewFactory(event=event, meeting_date=DAY + timedelta(days=2), title="תחקיר הסערה",
                         participants=[their_staff])


def propose(client, authority, lesson, follow=False, **extra):
    data = {"text": ANONYMISED, "context": "הפסקת חשמל רחבה בשכונה", "event_kind": EventKind.EMERGENCY,
            "tags": "מוקד, הודעות נצורות", "confirm": "on", **extra}
    data = {name: value for name, value in data.items() if value != ""}
    return client.post(url("library_propose", authority, lesson_id=lesson.pk), data, follow=follow)


def only_shared() -> SharedLesson:
    with scopes_disabled():
        return SharedLesson.objects.get()


def test_the_review_page_links_each_lesson_to_the_proposal_form(login, staff, auditor, authority, lesson):
    review_url = url("review_detail", authority, review_id=lesson.review_id)
    propose_url = url("library_propose", authority, lesson_id=lesson.pk)
    assert propose_url in login(staff).get(review_url).content.decode()
    assert propose_url not in login(auditor).get(review_url).content.decode()


def test_the_proposal_form_starts_with_the_lessons_text(login, staff, authority, lesson):
    response = login(staff).get(url("library_propose", authority, lesson_id=lesson.pk))
    assert response.status_code == 200
    assert response.context["form"].initial["text"] == ORIGINAL
    assert response.context["form"].initial["event_kind"] == EventKind.EMERGENCY


def test_propose_approve_search_and_adopt(client, login, staff, ceo, authority, other_authority, lesson,
                                          their_staff, their_review):
    # The author proposes an anonymised copy; the CEO is told.
    response = propose(login(staff), authority, lesson)
    shared = only_shared()
    assert response.status_code == 302
    assert (shared.status, shared.text, shared.source_authority_id) == (SharedLesson.Status.PROPOSED, ANONYMISED,
                                                                        authority.pk)
    assert shared.tags == ["מוקד", "הודעות נצורות"]
    assert Notification.objects.filter(recipient=ceo, kind="lessons.shared_proposed").exists()

    # Before approval, another authority cannot find, open or adopt it.
    them = login(their_staff)
    assert them.get(url("library", other_authority)).context["page"].paginator.count == 0
    assert them.get(url("library_detail", other_authority, shared_lesson_id=shared.pk)).status_code == 404
    assert them.get(url("library_adopt", other_authority, shared_lesson_id=shared.pk)).status_code == 404

    # The CEO approves it; the author is told.
    response = login(ceo).post(url("library_decide", authority, shared_lesson_id=shared.pk), {"decision": "approve"})
    assert response.status_code == 302
    assert only_shared().status == SharedLesson.Status.APPROVED
    assert Notification.objects.filter(recipient=staff, kind="lessons.shared_decided").exists()

    # Another authority finds it — with another spelling — and adopts it into one of its reviews.
    them = login(their_staff)
    found = them.get(url("library", other_authority), {"q": "הוֹדָעוֹת נְצוּרוֹת לִפְגִיעָה בְּתַשְׁתִּית"})
    assert [s.pk for s in found.context["page"].object_list] == [shared.pk]
    assert them.get(url("library_detail", other_authority, shared_lesson_id=shared.pk)).status_code == 200
    form = them.get(url("library_adopt", other_authority, shared_lesson_id=shared.pk)).context["form"]
    assert list(form.fields["review"].queryset) == [their_review]  # the reviews they take part in
    response = them.post(url("library_adopt", other_authority, shared_lesson_id=shared.pk),
                         {"review": their_review.pk, "text": ANONYMISED + " — אצלנו"})
    assert response.status_code == 302
    with scope(authority=other_authority):
        adopted = Lesson.objects.get(review=their_review)
    assert adopted.adopted_from_id == shared.pk
    assert adopted.text == ANONYMISED + " — אצלנו"
    assert adopted.authority_id == other_authority.pk
    assert adopted.normalized_text  # found by similar-lesson suggestions there
    assert AuditEntry.objects.filter(authority=other_authority, user=their_staff, object_type="lessons.lesson",
                                     action=AuditEntry.Action.CREATE).exists()


def test_a_proposal_needs_the_authors_confirmation(login, staff, authority, lesson):
    response = propose(login(staff), authority, lesson, confirm="")
    assert response.status_code == 400
    assert response.context["form"].errors["confirm"]
    assert response.context["form"]["text"].value() == ANONYMISED  # what was typed is kept
    with scopes_disabled():
        assert not SharedLesson.objects.exists()


def test_a_rejected_proposal_stays_hidden(login, staff, ceo, authority, other_authority, lesson, their_staff):
    propose(login(staff), authority, lesson)
    shared = only_shared()
    login(ceo).post(url("library_decide", authority, shared_lesson_id=shared.pk), {"decision": "reject"})
    assert only_shared().status == SharedLesson.Status.REJECTED
    them = login(their_staff)
    assert them.get(url("library_detail", other_authority, shared_lesson_id=shared.pk)).status_code == 404
    # A decided proposal is not decided again.
    login(ceo).post(url("library_decide", authority, shared_lesson_id=shared.pk), {"decision": "approve"})
    assert only_shared().status == SharedLesson.Status.REJECTED


def test_only_the_source_authoritys_ceo_decides(login, staff, outsider, authority, other_authority, lesson):
    propose(login(staff), authority, lesson)
    shared = only_shared()
    assert login(staff).post(url("library_decide", authority, shared_lesson_id=shared.pk),
                             {"decision": "approve"}).status_code == 403
    assert login(staff).get(url("library_queue", authority)).status_code == 403
    # The other authority's CEO, in their own authority, does not even see it.
    assert login(outsider).post(url("library_decide", other_authority, shared_lesson_id=shared.pk),
                                {"decision": "approve"}).status_code == 404
    assert only_shared().status == SharedLesson.Status.PROPOSED


def test_the_ceos_queue_lists_the_proposals(login, staff, ceo, authority, lesson):
    propose(login(staff), authority, lesson)
    response = login(ceo).get(url("library_queue", authority))
    assert response.status_code == 200
    assert [s.text for s in response.context["page"].object_list] == [ANONYMISED]


def test_the_auditor_can_write_nothing(login, auditor, staff, authority, other_authority, lesson):
    client = login(auditor)
    assert client.get(url("library", authority)).status_code == 200
    assert propose(client, authority, lesson).status_code == 403
    propose(login(staff), authority, lesson)
    shared = only_shared()
    client = login(auditor)
    assert client.post(url("library_decide", authority, shared_lesson_id=shared.pk),
                       {"decision": "approve"}).status_code == 403
    assert only_shared().status == SharedLesson.Status.PROPOSED
    denied = AuditEntry.objects.filter(user=auditor, action=AuditEntry.Action.DENIED)
    assert denied.count() == 2


def test_adopting_into_a_review_one_may_not_edit_is_refused(login, make_user, ceo, staff, authority,
                                                          other_authority, lesson, their_review):
    propose(login(staff), authority, lesson)
    shared = only_shared()
    login(ceo).post(url("library_decide", authority, shared_lesson_id=shared.pk), {"decision": "approve"})
    bystander = make_user(authority=other_authority, role=Role.STAFF)
    client = login(bystander)
    form = client.get(url("library_adopt", other_authority, shared_lesson_id=shared.pk)).context["form"]
    assert list(form.fields["review"].queryset) == []
    response = client.post(url("library_adopt", other_authority, shared_lesson_id=shared.pk),
                           {"review": their_review.pk, "text": ANONYMISED})
    assert response.status_code == 400
    assert response.context["form"].errors["review"]
    with scope(authority=other_authority):
        assert not Lesson.objects.filter(review=their_review).exists()


def test_the_auditor_cannot_adopt(login, make_user, ceo, staff, authority, other_authority, lesson):
    propose(login(staff), authority, lesson)
    shared = only_shared()
    login(ceo).post(url("library_decide", authority, shared_lesson_id=shared.pk), {"decision": "approve"})
    their_auditor = make_user(authority=other_authority, role=Role.AUDITOR)
    response = login(their_auditor).post(url("library_adopt", other_authority, shared_lesson_id=shared.pk),
                                         {"text": "x"})
    assert response.status_code == 403
    assert AuditEntry.objects.filter(user=their_auditor, action=AuditEntry.Action.DENIED).exists()


def test_the_outsider_gets_404_on_our_pages(login, outsider, authority, lesson):
    client = login(outsider)
    assert client.get(url("library", authority)).status_code == 404
    assert client.get(url("library_propose", authority, lesson_id=lesson.pk)).status_code == 404


def published(authority, n, *, kind=EventKind.EMERGENCY, tags=()):
    from django.utils import timezone

    from merhav.lessons.similarity import normalize

    text = f"לקח משותף מספר {n} על תיאום מול חברת החשמל"
    with scopes_disabled():
        return SharedLesson.objects.create(source_authority=authority, text=text, event_kind=kind, tags=list(tags),
                                           normalized_text=normalize(text), status=SharedLesson.Status.APPROVED,
                                           decided_at=timezone.now())


def test_search_by_kind_and_tag(login, their_staff, authority, other_authority):
    emergency = published(authority, 1, tags=["חשמל", "מוקד"])
    published(authority, 2, kind=EventKind.FRICTION, tags=["חשמל"])
    client = login(their_staff)
    by_kind = client.get(url("library", other_authority), {"kind": EventKind.EMERGENCY})
    assert [s.pk for s in by_kind.context["page"].object_list] == [emergency.pk]
    by_tag = client.get(url("library", other_authority), {"tag": "מוקד"})
    assert [s.pk for s in by_tag.context["page"].object_list] == [emergency.pk]
    nothing = client.get(url("library", other_authority), {"q": "תקציב הספרייה העירונית"})
    assert nothing.context["page"].paginator.count == 0


@pytest.mark.parametrize("count", [3, 30])
def test_the_library_costs_a_fixed_number_of_queries(login, their_staff, authority, other_authority, count,
                                                     django_assert_max_num_queries):
    for n in range(count):
        published(authority, n)
    client = login(their_staff)
    with django_assert_max_num_queries(11):
        assert client.get(url("library", other_authority), {"q": "תיאום מול חברת החשמל"}).status_code == 200


def test_a_lesson_the_ceo_proposes_is_published_at_once_and_the_message_says_so(login, ceo, authority, lesson):
    client = login(ceo, language="en")
    page = client.get(url("library_propose", authority, lesson_id=lesson.pk)).content.decode()
    assert "it is published as soon as you confirm" in page
    without_confirmation = propose(client, authority, lesson, confirm="")
    assert without_confirmation.status_code == 400  # the confirmation step stays
    response = propose(client, authority, lesson, follow=True)
    shared = only_shared()
    assert (shared.status, shared.decided_by) == (SharedLesson.Status.APPROVED, ceo)
    body = response.content.decode()
    assert "The lesson was published in the shared library: you approve" in body
    assert not Notification.objects.filter(kind="lessons.shared_proposed").exists()
