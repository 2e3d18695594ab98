"""The action table's rows made in Python (lessons_tables.action_rows) are the HTML its template loop made:
owners (a person, a department, both), every status, overdue or not, with and without the review column,
in Hebrew and in English, and text that needs escaping."""

import re
from datetime import timedelta

import pytest
from django.template import Context, Template
from django.utils import timezone, translation
from django_scopes import scope

from merhav.lessons.models import ActionItem

from .factories import ActionItemFactory, ReviewFactory

# The loop of lessons/actions/_table.html before its rows moved into the tag.
TEMPLATE_LOOP = """{% load i18n %}{% for action in actions %}
    <tr>
      <td data-label="{% translate 'What' %}"><a href="{% url 'lessons:action_detail' authority_slug=current_authority.slug action_id=action.pk %}">{{ action.title }}</a></td>
      {% if show_review %}<td data-label="{% translate 'Review' %}">{{ action.review.title }}</td>{% endif %}
      <td data-label="{% translate 'Owner' %}">{% include "lessons/actions/_owner.html" %}</td>
      <td data-label="{% translate 'Due date' %}"><time datetime="{{ action.due_date|date:'Y-m-d' }}">{{ action.due_date|date:"SHORT_DATE_FORMAT" }}</time></td>
      <td data-label="{% translate 'Status' %}">{% include "lessons/actions/_status.html" %}</td>
    </tr>{% endfor %}"""


def squeezed(html: str) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


@pytest.mark.parametrize("language", ["he", "en"])
@pytest.mark.parametrize("show_review", [True, False])
def test_the_rows_are_the_templates(authority, staff, language, show_review):
    today = timezone.localdate()
    with scope(authority=authority):
        review = ReviewFactory(authority=authority, title='תחקיר "<b>חשוב</b>" & co')
        ActionItemFactory(review=review, title="<script>x</script> פעולה", owner=staff)
        ActionItemFactory(review=review, owner=staff, owner_department=review.authority.departments.first())
        ActionItemFactory(review=review, due_date=today - timedelta(days=3))  # a department's, overdue
        ActionItemFactory(review=review, status=ActionItem.Status.IN_PROGRESS, owner=staff,
                          due_date=today - timedelta(days=1))
        ActionItemFactory(review=review, status=ActionItem.Status.DONE, done_on=today, owner=staff)
        ActionItemFactory(review=review, status=ActionItem.Status.CANCELLED, due_date=today - timedelta(days=9))
        actions = list(ActionItem.objects.filter(authority=authority).select_related(
            "review", "owner", "owner_department").order_by("id"))
        context = {"actions": actions, "show_review": show_review, "current_authority": authority}
        with translation.override(language):
            by_template = Template(TEMPLATE_LOOP).render(Context(context))
            by_tag = Template("{% load lessons_tables %}{% action_rows actions show_review %}").render(
                Context(context))
    assert "tag--danger" in by_tag and "&lt;script&gt;" in by_tag
    assert squeezed(by_tag) == squeezed(by_template)


REVIEW_LOOP = """{% load i18n %}{% for review in reviews %}
    <tr>
      <td data-label="{% translate 'Review' %}"><a href="{% url 'lessons:review_detail' authority_slug=current_authority.slug review_id=review.pk %}"><bdi>{{ review.title }}</bdi></a></td>
      <td data-label="{% translate 'Event' %}"><div><a href="{% url 'lessons:event_detail' authority_slug=current_authority.slug event_id=review.event_id %}"><bdi>{{ review.event.title }}</bdi></a><br><small>{{ review.event.get_kind_display }}</small></div></td>
      <td data-label="{% translate 'Meeting date' %}">{% if review.meeting_date %}<time datetime="{{ review.meeting_date|date:'Y-m-d' }}">{{ review.meeting_date|date:"SHORT_DATE_FORMAT" }}</time>{% else %}—{% endif %}</td>
      <td data-label="{% translate 'Status' %}">{% include "lessons/reviews/_status.html" %}</td>
      <td data-label="{% translate 'Lessons' %}" class="num"><span>{{ review.lesson_count }}{% if review.key_lesson_count %} <small>({% blocktranslate count n=review.key_lesson_count %}{{ n }} key{% plural %}{{ n }} key{% endblocktranslate %})</small>{% endif %}</span></td>
      <td data-label="{% translate 'Actions' %}" class="num">{{ review.action_count }}</td>
    </tr>{% endfor %}"""


@pytest.mark.parametrize("language", ["he", "ar", "en"])
def test_the_review_rows_are_the_templates(authority, staff, language):
    from merhav.lessons.selectors import reviews as selectors

    from .factories import LessonFactory

    with scope(authority=authority):
        first = ReviewFactory(authority=authority, title="<i>תחקיר</i> & co", status="completed")
        ReviewFactory(authority=authority, status="held")
        ReviewFactory(authority=authority, status="draft", meeting_date=None)
        LessonFactory(review=first, is_key=True)
        LessonFactory(review=first, is_key=True)
        LessonFactory(review=first)
        ActionItemFactory(review=first)
        reviews = selectors.with_counts(authority, list(selectors.reviews(authority)))
    context = {"reviews": reviews, "current_authority": authority}
    with translation.override(language):
        by_template = Template(REVIEW_LOOP).render(Context(context))
        by_tag = Template("{% load lessons_tables %}{% review_rows reviews %}").render(Context(context))
    assert "&lt;i&gt;" in by_tag and "—" in by_tag
    assert squeezed(by_tag) == squeezed(by_template)


EVENT_LOOP = """{% load i18n %}{% for event in events %}
    <tr>
      <td data-label="{% translate 'Event' %}"><div><a href="{% url 'lessons:event_detail' authority_slug=current_authority.slug event_id=event.pk %}"><bdi>{{ event.title }}</bdi></a>{% if event.source == "emergency" %} <span class="tag">{% translate "From an emergency" %}</span>{% endif %}</div></td>
      <td data-label="{% translate 'Kind' %}">{{ event.get_kind_display }}</td>
      <td data-label="{% translate 'Dates' %}"><span>{% include "lessons/events/_dates.html" %}</span></td>
      <td data-label="{% translate 'Reviews' %}" class="num">{{ event.review_count }}</td>
    </tr>{% endfor %}"""


@pytest.mark.parametrize("language", ["he", "ar", "en"])
def test_the_event_rows_are_the_templates(authority, language):
    from merhav.lessons.models import Event
    from merhav.lessons.selectors import reviews as selectors

    from .factories import EventFactory

    with scope(authority=authority):
        one_day = EventFactory(authority=authority, title="<b>שריפה</b> & co")
        one_day.ends_on = one_day.starts_on
        one_day.save()
        EventFactory(authority=authority, ends_on=None)
        spread = EventFactory(authority=authority)
        Event.objects.filter(pk=spread.pk).update(source="emergency")
        ReviewFactory(authority=authority, event=spread)
        events = list(selectors.events(authority))
        selectors.with_review_counts(authority, events)
    context = {"events": events, "current_authority": authority}
    with translation.override(language):
        by_template = Template(EVENT_LOOP).render(Context(context))
        by_tag = Template("{% load lessons_tables %}{% event_rows events %}").render(Context(context))
    assert "&lt;b&gt;" in by_tag and "tag" in by_tag and " – " in by_tag
    assert squeezed(by_tag) == squeezed(by_template)
