"""Every list of the lessons API costs the same number of queries for 2 rows as for 20 (and one review's
detail the same for 1 lesson as for 10): no query per row."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scope

from merhav.lessons.models import ReviewSection, SectionComment
from merhav.tenancy.models import StandardDepartment
from merhav.tenancy.tests.factories import standard_department

from .api_support import token_api
from .factories import ActionItemFactory, LessonFactory, ReviewFactory

# 6 queries are the platform's for any API call: the token (lookup, last-used stamp), the rate limit (2), the
# authority and the memberships. Then the page: the ids of the page (an index-only walk past the offset), the
# rows with their joins, and one query each for counts or prefetches. The same for every size.
PLATFORM = 6
LISTS = {
    "events": PLATFORM + 4,  # ids, rows, departments (prefetch), review counts
    "reviews": PLATFORM + 3,  # ids, rows with event and facilitator, lesson and action counts (one query)
    "lessons": PLATFORM + 3,  # ids, rows with review and department, action counts
    "actions": PLATFORM + 2,  # ids, rows with review, owner and department
    "actions?status=active&overdue=true": PLATFORM + 2,
    "actions?owner_id={head}": PLATFORM + 3,  # + the owner's membership
    "actions?department_id={department}": PLATFORM + 3,  # + the department
}


def fill(authority, *, by, head, reviews: int, per_review: int, people):
    public_information = standard_department(authority, StandardDepartment.PUBLIC_INFORMATION)
    for n in range(reviews):
        review = ReviewFactory(authority=authority, created_by=by, facilitator=people[n % len(people)],
                               participants=people, title=f"review {n}")
        for m in range(per_review):
            lesson = LessonFactory(review=review, text=f"lesson {n}/{m}", is_key=m < 3)
            ActionItemFactory(review=review, owner=people[m % len(people)], lesson=lesson, title=f"action {n}/{m}")
            ActionItemFactory(review=review, owner_department=public_information, title=f"department action {n}/{m}",
                              due_date=timezone.localdate() - timedelta(days=1))  # overdue
        with scope(authority=authority):
            section = ReviewSection.objects.get(review=review, question=1)
            for m in range(per_review):
                SectionComment.objects.create(authority=authority, section=section, author=by, text=f"c{m}")
    return public_information


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("size", [(1, 2), (10, 2)], ids=["small", "large"])
def test_list_queries_do_not_grow_with_rows(path, size, authority, ceo, staff, department_head, make_user,
                                            django_assert_max_num_queries):
    people = [staff, department_head, make_user(authority=authority), make_user(authority=authority)]
    public_information = fill(authority, by=ceo, head=department_head, reviews=size[0], per_review=size[1],
                              people=people)
    api = token_api(ceo, authority)
    url = path.format(head=department_head.pk, department=public_information.pk)
    api.get(url)  # the first call of a process also loads content types and such: not what is measured
    with django_assert_max_num_queries(LISTS[path]):
        response = api.get(url)
    assert response.status_code == 200
    assert len(response.json()["items"]) >= size[0]


@pytest.mark.parametrize("per_review", [1, 10], ids=["small", "large"])
def test_a_reviews_detail_does_not_grow_with_its_participants_and_comments(
    per_review, authority, ceo, staff, department_head, make_user, django_assert_max_num_queries
):
    people = [staff, department_head] + [make_user(authority=authority) for _ in range(per_review)]
    fill(authority, by=ceo, head=department_head, reviews=1, per_review=per_review, people=people)
    api = token_api(ceo, authority)
    review_id = api.get("reviews").json()["items"][0]["id"]
    api.get(f"reviews/{review_id}")
    with django_assert_max_num_queries(PLATFORM + 5):  # review, participants, sections, comments, event's
        response = api.get(f"reviews/{review_id}")
    assert len(response.json()["participants"]) == len(people)
