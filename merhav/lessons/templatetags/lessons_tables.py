"""Rows of the oversight's breakdown tables, made in Python: a table of a hundred owners has five hundred
number cells, and each cell as template nodes (a loop, a lookup, a translated label, a localized number)
cost more than the rest of the page. The same HTML as the template it replaces (`_outcome_table.html`)."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_noop

from merhav.core.choices import label
from merhav.ui.formatting import number

from ..models import ActionItem, EventKind, Review
from ..selectors.oversight import ACTION_OUTCOMES

register = template.Library()


@register.simple_tag
def outcome_rows(rows, total_label) -> SafeString:
    labels = [conditional_escape(str(label)) for _name, label in ACTION_OUTCOMES]
    names = [name for name, _label in ACTION_OUTCOMES]
    total = conditional_escape(str(total_label))
    html = []
    for row in rows:
        cells = "".join(f'<td class="num" data-label="{label}">{number(getattr(row, name))}</td>'
                        for name, label in zip(names, labels, strict=True))
        html.append(format_html('<tr><th scope="row"><bdi>{}</bdi></th>{}<td class="num" data-label="{}">{}</td></tr>',
                                row.label, mark_safe(cells), total, number(row.total)))  # noqa: S308 (escaped above)
    return mark_safe("\n    ".join(html))  # noqa: S308 (format_html escaped every value)


_ID = 987654321  # reversed once per table, then each row's id is put in its place


def _owner(action, department_label: str) -> str:
    """lessons/actions/_owner.html in Python."""
    html = ""
    if action.owner:
        html = format_html("<bdi>{}</bdi>", action.owner.full_name or action.owner.email)
    if action.owner_department:
        prefix = "" if action.owner else f"{department_label} "
        html += format_html("{}<small>{}{}</small>", mark_safe("<br>") if action.owner else "", prefix,
                            action.owner_department.name)
    return html


def _status(action, overdue_label: str, today) -> str:
    """lessons/actions/_status.html in Python."""
    css = "tag tag--ok" if action.status == "done" else "tag"
    html = format_html('<span class="{}">{}</span>', css, label(ActionItem.Status, action.status))
    if action.status in action.ACTIVE_STATUSES and action.due_date < today:  # action.is_overdue, today read once
        html += format_html(' <span class="tag tag--danger">{}</span>', overdue_label)
    return html


@register.simple_tag(takes_context=True)
def action_rows(context, actions, show_review) -> SafeString:
    """The rows of lessons/actions/_table.html: the same HTML as its loop, in a tenth of the time."""
    from django.urls import reverse
    from django.utils import timezone
    from django.utils.translation import gettext

    from merhav.ui.formatting import iso_date, short_date

    url = reverse("lessons:action_detail", kwargs={"authority_slug": context["current_authority"].slug,
                                                   "action_id": _ID})
    before, after = url.split(str(_ID))
    labels = {key: conditional_escape(gettext(text)) for key, text in (
        ("what", gettext_noop("What")), ("review", gettext_noop("Review")), ("owner", gettext_noop("Owner")),
        ("due", gettext_noop("Due date")), ("status", gettext_noop("Status")))}
    department_label, overdue_label = gettext("Department:"), gettext("Overdue")
    today = timezone.localdate()
    rows = []
    for action in actions:
        review = (f'\n      <td data-label="{labels["review"]}">{conditional_escape(action.review.title)}</td>'
                  if show_review else "")
        rows.append(
            f'<tr>\n      <td data-label="{labels["what"]}"><a href="{before}{action.pk}{after}">'
            f"{conditional_escape(action.title)}</a></td>{review}\n"
            f'      <td data-label="{labels["owner"]}">{_owner(action, department_label)}\n</td>\n'
            f'      <td data-label="{labels["due"]}"><time datetime="{iso_date(action.due_date)}">'
            f"{short_date(action.due_date)}</time></td>\n"
            f'      <td data-label="{labels["status"]}">{_status(action, overdue_label, today)}\n</td>\n    </tr>'
        )
    return mark_safe("\n    ".join(rows))  # noqa: S308 (every value went through conditional_escape or format_html)


def _review_status(review) -> str:
    """lessons/reviews/_status.html in Python."""
    css = {"completed": "tag tag--ok", "followed_up": "tag tag--ok", "held": "tag tag--warn"}.get(review.status, "tag")
    return format_html('<span class="{}">{}</span>', css, label(Review.Status, review.status))


@register.simple_tag(takes_context=True)
def review_rows(context, reviews) -> SafeString:
    """The rows of the reviews index (lessons/index.html): the same HTML as its loop did."""
    from django.urls import reverse
    from django.utils.translation import gettext, ngettext

    from merhav.ui.formatting import iso_date, short_date

    slug = context["current_authority"].slug
    review_url = reverse("lessons:review_detail", kwargs={"authority_slug": slug, "review_id": _ID}).split(str(_ID))
    event_url = reverse("lessons:event_detail", kwargs={"authority_slug": slug, "event_id": _ID}).split(str(_ID))
    labels = {key: conditional_escape(gettext(text)) for key, text in (
        ("review", gettext_noop("Review")), ("event", gettext_noop("Event")), ("meeting", gettext_noop("Meeting date")),
        ("status", gettext_noop("Status")), ("lessons", gettext_noop("Lessons")), ("actions", gettext_noop("Actions")))}
    rows = []
    for review in reviews:
        meeting = (f'<time datetime="{iso_date(review.meeting_date)}">{short_date(review.meeting_date)}</time>'
                   if review.meeting_date else "—")
        key = ""
        if review.key_lesson_count:
            n = review.key_lesson_count
            key = format_html(" <small>({})</small>", ngettext("%(n)s key", "%(n)s key", n) % {"n": n})
        rows.append(
            f'<tr>\n      <td data-label="{labels["review"]}"><a href="{review_url[0]}{review.pk}{review_url[1]}">'
            f"<bdi>{conditional_escape(review.title)}</bdi></a></td>\n"
            f'      <td data-label="{labels["event"]}"><div><a href="{event_url[0]}{review.event_id}{event_url[1]}">'
            f"<bdi>{conditional_escape(review.event.title)}</bdi></a><br>"
            f"<small>{conditional_escape(label(EventKind, review.event.kind))}</small></div></td>\n"
            f'      <td data-label="{labels["meeting"]}">{meeting}</td>\n'
            f'      <td data-label="{labels["status"]}">{_review_status(review)}</td>\n'
            f'      <td data-label="{labels["lessons"]}" class="num"><span>{number(review.lesson_count)}{key}</span></td>\n'
            f'      <td data-label="{labels["actions"]}" class="num">{number(review.action_count)}</td>\n    </tr>'
        )
    return mark_safe("\n    ".join(rows))  # noqa: S308 (every value went through conditional_escape or format_html)


def _words(text, count: int) -> str:
    """{{ text|truncatewords:count }}, escaped."""
    from django.utils.text import Truncator

    return conditional_escape(Truncator(text or "").words(count, truncate=" …"))


@register.simple_tag(takes_context=True)
def recurring_sections(context, groups) -> SafeString:
    """The groups of the recurring-lessons report (lessons/oversight/recurring.html): the same HTML as its loop
    made, which cost most of the page (ten groups of up to eight lessons, each with truncated texts, dates, two
    reversed URLs and four plural messages)."""
    from django.urls import reverse
    from django.utils.translation import gettext, ngettext

    from merhav.ui.formatting import short_date

    slug = context["current_authority"].slug
    review_url = reverse("lessons:review_detail", kwargs={"authority_slug": slug, "review_id": _ID}).split(str(_ID))
    action_url = reverse("lessons:action_detail", kwargs={"authority_slug": slug, "action_id": _ID}).split(str(_ID))
    did_not_work = conditional_escape(gettext("The action did not work"))
    done_before = conditional_escape(gettext("Done before:"))
    the_lessons = conditional_escape(gettext("The lessons"))
    # {% blocktranslate %} puts escaped values into its message and does not escape the message itself.
    html = []
    for n, group in enumerate(groups):
        flagged = ""
        if group.did_not_work:
            flagged = ('· <span class="tag tag--danger">'
                       + ngettext("%(n)s after a done action", "%(n)s after a done action", group.did_not_work)
                       % {"n": number(group.did_not_work)} + "</span>")
        shown = len(group.shown)
        summary = (gettext("The latest %(n)s lessons") % {"n": number(shown)} if group.lessons > shown
                   else the_lessons)
        items = []
        for item in group.shown:
            css = ' class="recurring-list__flagged"' if item.did_not_work else ""
            warning = ""
            if item.did_not_work:
                failed = ""
                action = item.failed_action
                if action:
                    done = f" ({short_date(action.done_at)})" if action.done_at else ""
                    failed = (f'{done_before} <a href="{action_url[0]}{action.pk}{action_url[1]}" dir="auto">'
                              f"{_words(action.title, 12)}</a>{done}")
                warning = (f'\n<p class="recurring-list__warning"><span class="tag tag--danger">{did_not_work}</span>'
                           f"\n{failed}</p>")
            items.append(
                f"<li{css}>\n"
                f'<a href="{review_url[0]}{item.review_id}{review_url[1]}#lesson-{item.lesson_id}" dir="auto">'
                f"{_words(item.lesson.text, 30)}</a>\n"
                f"<br><small><bdi>{conditional_escape(item.lesson.review.event.title)}</bdi> · "
                f"{short_date(item.on)}</small>{warning}\n</li>"
            )
        representative = group.representative.text if group.representative else ""
        html.append(
            f'<section class="card recurring-group" aria-labelledby="group-{group.key}">\n'
            f'<h2 id="group-{group.key}" class="h3" dir="auto">{_words(representative, 30)}</h2>\n'
            f'<p class="recurring-group__facts">\n'
            + ngettext("%(n)s lesson", "%(n)s lessons", group.lessons) % {"n": number(group.lessons)} + " ·\n"
            + ngettext("in %(n)s event", "in %(n)s events", group.events) % {"n": number(group.events)} + " ·\n"
            + f"{short_date(group.first)} – {short_date(group.last)}\n{flagged}\n</p>\n"
            f'<details{" open" if n == 0 else ""}>\n<summary>{summary}</summary>\n'
            f'<ol class="recurring-list">\n' + "\n".join(items) + "\n</ol>\n</details>\n</section>"
        )
    return mark_safe("\n".join(html))  # noqa: S308 (every value went through conditional_escape)


def _dates(event) -> str:
    """lessons/events/_dates.html in Python."""
    from merhav.ui.formatting import iso_date, short_date

    html = f'<time datetime="{iso_date(event.starts_on)}">{short_date(event.starts_on)}</time>'
    if event.ends_on and event.ends_on != event.starts_on:
        html += f' – <time datetime="{iso_date(event.ends_on)}">{short_date(event.ends_on)}</time>'
    return html


@register.simple_tag(takes_context=True)
def event_rows(context, events) -> SafeString:
    """The rows of the events list (lessons/events/list.html): the same HTML as its loop made."""
    from django.urls import reverse
    from django.utils.translation import gettext

    slug = context["current_authority"].slug
    event_url = reverse("lessons:event_detail", kwargs={"authority_slug": slug, "event_id": _ID}).split(str(_ID))
    labels = {key: conditional_escape(gettext(text)) for key, text in (
        ("event", gettext_noop("Event")), ("kind", gettext_noop("Kind")), ("dates", gettext_noop("Dates")),
        ("reviews", gettext_noop("Reviews")))}
    from_emergency = conditional_escape(gettext("From an emergency"))  # outside the f-string: xgettext looks in none
    from_emergency = f' <span class="tag">{from_emergency}</span>'
    rows = []
    for event in events:
        rows.append(
            f'<tr>\n      <td data-label="{labels["event"]}"><div><a href="{event_url[0]}{event.pk}{event_url[1]}">'
            f"<bdi>{conditional_escape(event.title)}</bdi></a>"
            f'{from_emergency if event.source == "emergency" else ""}</div></td>\n'
            f'      <td data-label="{labels["kind"]}">{conditional_escape(label(EventKind, event.kind))}</td>\n'
            f'      <td data-label="{labels["dates"]}"><span>{_dates(event)}</span></td>\n'
            f'      <td data-label="{labels["reviews"]}" class="num">{number(event.review_count)}</td>\n    </tr>'
        )
    return mark_safe("\n  ".join(rows))  # noqa: S308 (every value went through conditional_escape)
