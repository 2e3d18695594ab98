"""Comments per section: added by participants, listed with author and time, deleted by their author."""

import pytest
from django_scopes import scopes_disabled

from merhav.audit.models import AuditEntry
from merhav.lessons.models import SectionComment

from .factories import ReviewFactory
from .support import make_people, url


@pytest.fixture
def review(authority, staff, ceo, make_user):
    return ReviewFactory(authority=authority, created_by=ceo, facilitator=ceo,
                         participants=[staff, *make_people(make_user, authority, 3)], draft=True)


def test_a_participant_comments_on_a_section(login, authority, review, staff):
    client = login(staff)
    response = client.post(url("comment_add", authority, review_id=review.pk, question=2),
                           {"text": "חסרה כאן שעת ההודעה הראשונה"})
    assert response.status_code == 302
    assert response["Location"].endswith("#q2-comments")
    with scopes_disabled():
        comment = SectionComment.objects.get()
    assert (comment.section.question, comment.author) == (2, staff)
    assert AuditEntry.objects.filter(action=AuditEntry.Action.CREATE, object_type="lessons.sectioncomment").exists()
    body = client.get(url("review_detail", authority, review_id=review.pk)).content.decode()
    assert "חסרה כאן שעת ההודעה הראשונה" in body
    assert staff.full_name in body
    assert comment.created_at.astimezone().strftime("%d.%m.%Y") in body


def test_an_empty_comment_is_refused_beside_the_field(login, authority, review, staff):
    response = login(staff, language="en").post(url("comment_add", authority, review_id=review.pk, question=2),
                                                 {"text": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    with scopes_disabled():
        assert not SectionComment.objects.exists()


def test_only_the_author_deletes_a_comment(login, authority, review, staff, ceo):
    login(staff).post(url("comment_add", authority, review_id=review.pk, question=3), {"text": "הערה"})
    with scopes_disabled():
        comment = SectionComment.objects.get()
    delete_url = url("comment_delete", authority, review_id=review.pk, comment_id=comment.pk)
    assert login(ceo).post(delete_url).status_code == 403
    assert login(staff).post(delete_url).status_code == 302
    with scopes_disabled():
        assert not SectionComment.objects.exists()
