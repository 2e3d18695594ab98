"""The recurring-lessons report's groups made in Python (lessons_tables.recurring_sections) are the HTML its
template loop made: a group with and without lessons that did not work, a failed action with and without its
done date, a group showing fewer lessons than it has, long texts cut to their words, text that needs escaping,
in Hebrew, Arabic and English."""

from datetime import date

import numpy as np
import pytest
from django.template import Context, Template
from django.utils import timezone, translation
from django_scopes import scope

from merhav.lessons.selectors.oversight import RecurringGroup, RecurringLesson

from .factories import ActionItemFactory, LessonFactory, ReviewFactory
from .test_action_rows_tag import squeezed

# The loop of lessons/oversight/recurring.html before its groups moved into the tag.
TEMPLATE_LOOP = """{% load i18n %}{% for group in page.object_list %}
<section class="card recurring-group" aria-labelledby="group-{{ group.key }}">
  <h2 id="group-{{ group.key }}" class="h3" dir="auto">{{ group.representative.text|truncatewords:30 }}</h2>
  <p class="recurring-group__facts">
    {% blocktranslate count n=group.lessons %}{{ n }} lesson{% plural %}{{ n }} lessons{% endblocktranslate %} ·
    {% blocktranslate count n=group.events %}in {{ n }} event{% plural %}in {{ n }} events{% endblocktranslate %} ·
    {{ group.first|date:"SHORT_DATE_FORMAT" }} – {{ group.last|date:"SHORT_DATE_FORMAT" }}
    {% if group.did_not_work %}· <span class="tag tag--danger">{% blocktranslate count n=group.did_not_work %}{{ n }} after a done action{% plural %}{{ n }} after a done action{% endblocktranslate %}</span>{% endif %}
  </p>
  <details{% if forloop.first %} open{% endif %}>
    <summary>{% if group.lessons > group.shown|length %}{% blocktranslate with n=group.shown|length %}The latest {{ n }} lessons{% endblocktranslate %}{% else %}{% translate "The lessons" %}{% endif %}</summary>
    <ol class="recurring-list">
      {% for item in group.shown %}
      <li{% if item.did_not_work %} class="recurring-list__flagged"{% endif %}>
        <a href="{% url 'lessons:review_detail' authority_slug=current_authority.slug review_id=item.review_id %}#lesson-{{ item.lesson_id }}" dir="auto">{{ item.lesson.text|truncatewords:30 }}</a>
        <br><small><bdi>{{ item.lesson.review.event.title }}</bdi> · {{ item.on|date:"SHORT_DATE_FORMAT" }}</small>
        {% if item.did_not_work %}
        <p class="recurring-list__warning"><span class="tag tag--danger">{% translate "The action did not work" %}</span>
          {% if item.failed_action %}{% translate "Done before:" %} <a href="{% url 'lessons:action_detail' authority_slug=current_authority.slug action_id=item.failed_action.pk %}" dir="auto">{{ item.failed_action.title|truncatewords:12 }}</a>{% if item.failed_action.done_at %} ({{ item.failed_action.done_at|date:"SHORT_DATE_FORMAT" }}){% endif %}{% endif %}</p>
        {% endif %}
      </li>
      {% endfor %}
    </ol>
  </details>
</section>
{% endfor %}"""


def _member(lesson, *, did_not_work=False, failed_action=None) -> RecurringLesson:
    return RecurringLesson(lesson_id=lesson.pk, review_id=lesson.review_id, event_id=lesson.review.event_id,
                           day=date(2026, 3, 4).toordinal(), did_not_work=did_not_work,
                           failed_action_id=failed_action.pk if failed_action else None, lesson=lesson,
                           failed_action=failed_action)


def _group(key, representative, shown, *, lessons, did_not_work=0) -> RecurringGroup:
    return RecurringGroup(key=key, lessons=lessons, events=lessons, reviews=lessons, first=date(2025, 1, 2),
                          last=date(2026, 11, 30), did_not_work=did_not_work,
                          representative_id=representative.pk if representative else 0, table={},
                          rows=np.array([], dtype=np.int64), representative=representative, shown=shown)


@pytest.mark.parametrize("language", ["he", "ar", "en"])
def test_the_groups_are_the_templates(authority, language):
    with scope(authority=authority):
        review = ReviewFactory(authority=authority, title="תחקיר", event__title='<b>אירוע</b> "גדול" & co')
        long = LessonFactory(review=review, text=" ".join(f"מילה{i}" for i in range(45)))
        escaped = LessonFactory(review=review, text="<script>x</script> לקח & עוד")
        plain = LessonFactory(review=review, text="לקח קצר")
        done = ActionItemFactory(review=review, lesson=plain, title=" ".join(["פעולה"] * 20), status="done",
                                 done_on=timezone.localdate())
        done.done_at = timezone.now()
        undated = ActionItemFactory(review=review, lesson=plain, title="<i>פעולה</i>")
        groups = [
            _group(7, long, [_member(long), _member(escaped, did_not_work=True, failed_action=done),
                             _member(plain, did_not_work=True, failed_action=undated),
                             _member(plain, did_not_work=True)], lessons=12, did_not_work=3),
            _group(9, escaped, [_member(escaped), _member(plain)], lessons=2),
            _group(11, None, [], lessons=1),
        ]
    context = {"page": {"object_list": groups}, "current_authority": authority}
    with translation.override(language):
        by_template = Template(TEMPLATE_LOOP).render(Context(context))
        by_tag = Template("{% load lessons_tables %}{% recurring_sections page.object_list %}").render(
            Context(context))
    assert "&lt;script&gt;" in by_tag and " …" in by_tag and "tag--danger" in by_tag
    assert squeezed(by_tag) == squeezed(by_template)
