"""Reminders of lessons learned, run by the worker as periodic jobs.

Tasks run outside any authority's scope, so each one uses scopes_disabled() explicitly and filters by
itself. The queries are set-based: the actions (or follow-ups) due, the heads of their departments and
the reminders already sent are each read in one query per chunk, not one per action or per authority.
Every reminder carries a dedupe key, so running a job twice (or two workers at once) sends it once.
"""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from merhav.core.tasks import retrying_task
from merhav.notify.models import Notification
from merhav.notify.services import send_notification
from merhav.tenancy.models import Membership
from merhav.tenancy.roles import Role

from .models import ActionItem, FollowUp, Review
from .selectors.actions import accountable_users, department_heads

CHUNK = 500


def reminder_days() -> int:
    return int(getattr(settings, "MERHAV_ACTION_REMINDER_DAYS", 3))


def _already_sent(keys: set[str]) -> set[tuple[int, str]]:
    if not keys:
        return set()
    return set(Notification.objects.filter(dedupe_key__in=keys).values_list("recipient_id", "dedupe_key"))


def _active_members(pairs: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """Which (authority id, user id) pairs are active memberships: one query. Nobody who left is reminded."""
    if not pairs:
        return set()
    return set(
        Membership.objects.filter(
            authority_id__in={a for a, _u in pairs}, user_id__in={u for _a, u in pairs}, is_active=True
        ).values_list("authority_id", "user_id")
    )


def _chunks(queryset):
    """Rows in chunks by primary key, so memory stays flat with 100,000 actions."""
    last = 0
    while True:
        rows = list(queryset.filter(pk__gt=last).order_by("pk")[:CHUNK])
        if not rows:
            return
        yield rows
        last = rows[-1].pk


def _action_reminder(action: ActionItem, today):
    """(dedupe key, kind, title, body) of the reminder due for this action today."""
    title_text, due = action.title, action.due_date
    due_text = lambda: date_format(due, "SHORT_DATE_FORMAT")  # noqa: E731 - rendered in the recipient's language
    if due < today:
        return (
            f"action:{action.pk}:overdue:{due.isoformat()}",
            "lessons.action_overdue",
            lambda: _("Overdue action: %(title)s") % {"title": title_text},
            lambda: _("This action was due on %(date)s and is not done yet.") % {"date": due_text()},
        )
    return (
        f"action:{action.pk}:due:{due.isoformat()}",
        "lessons.action_due_soon",
        lambda: _("Action due soon: %(title)s") % {"title": title_text},
        lambda: _("This action is due on %(date)s.") % {"date": due_text()},
    )


@retrying_task(max_attempts=3, base_delay=300)
def send_action_reminders() -> dict:
    """Remind the owners of open actions MERHAV_ACTION_REMINDER_DAYS before the due date, and once when overdue."""
    today = timezone.localdate()
    sent = skipped = 0
    with scopes_disabled():
        due = (
            ActionItem.objects.filter(
                status__in=ActionItem.ACTIVE_STATUSES,
                due_date__lte=today + timedelta(days=reminder_days()),
                authority__is_active=True,
            )
            .select_related("authority", "owner")
        )
        for rows in _chunks(due):
            heads = department_heads(None, (action.owner_department_id for action in rows))
            reminders = {action.pk: _action_reminder(action, today) for action in rows}
            done = _already_sent({reminder[0] for reminder in reminders.values()})
            members = _active_members({(a.authority_id, a.owner_id) for a in rows if a.owner_id is not None})
            for action in rows:
                key, kind, title, body = reminders[action.pk]
                url = reverse(
                    "lessons:action_detail", kwargs={"authority_slug": action.authority.slug, "action_id": action.pk}
                )
                for person in accountable_users(action, heads):
                    is_member = (action.authority_id, person.pk) in members or person.pk != action.owner_id
                    if (person.pk, key) in done or not person.is_active or not is_member:
                        skipped += 1
                        continue
                    if send_notification(recipient=person, kind=kind, title=title, body=body, url=url,
                                         authority=action.authority, dedupe_key=key):
                        sent += 1
    return {"sent": sent, "skipped": skipped}


def _follow_up_texts(review_title: str, due_date):
    def title():
        return _("Follow-up due: %(title)s") % {"title": review_title}

    def body():
        return _(
            "Follow-up date: %(date)s. Record whether each action of the review was done and whether it worked."
        ) % {"date": date_format(due_date, "SHORT_DATE_FORMAT")}

    return title, body


@retrying_task(max_attempts=3, base_delay=300)
def send_follow_up_reminders() -> dict:
    """Remind the facilitator and the CEO(s) when a completed review's follow-up is due."""
    today = timezone.localdate()
    sent = 0
    with scopes_disabled():
        due = FollowUp.objects.filter(
            status=FollowUp.Status.SCHEDULED,
            due_date__lte=today,
            review__status=Review.Status.COMPLETED,
            authority__is_active=True,
        ).select_related("authority", "review", "review__facilitator")
        for rows in _chunks(due):
            ceos: dict[int, list] = {}
            for membership in Membership.objects.filter(
                authority_id__in={f.authority_id for f in rows}, role=Role.CEO, is_active=True, user__is_active=True
            ).select_related("user"):
                ceos.setdefault(membership.authority_id, []).append(membership.user)
            keys = {f"follow_up:{f.pk}:due:{f.due_date.isoformat()}" for f in rows}
            done = _already_sent(keys)
            members = _active_members(
                {(f.authority_id, f.review.facilitator_id) for f in rows if f.review.facilitator_id is not None}
            )
            for follow_up in rows:
                key = f"follow_up:{follow_up.pk}:due:{follow_up.due_date.isoformat()}"
                title, body = _follow_up_texts(follow_up.review.title, follow_up.due_date)
                people = list(ceos.get(follow_up.authority_id, []))
                facilitator = follow_up.review.facilitator
                if (
                    facilitator is not None
                    and facilitator.is_active
                    and (follow_up.authority_id, facilitator.pk) in members
                    and all(p.pk != facilitator.pk for p in people)
                ):
                    people.insert(0, facilitator)
                url = reverse(
                    "lessons:follow_up",
                    kwargs={"authority_slug": follow_up.authority.slug, "review_id": follow_up.review_id},
                )
                for person in people:
                    if (person.pk, key) in done:
                        continue
                    if send_notification(
                        recipient=person,
                        kind="lessons.follow_up_due",
                        title=title,
                        body=body,
                        url=url,
                        authority=follow_up.authority,
                        dedupe_key=key,
                    ):
                        sent += 1
    return {"sent": sent}


@retrying_task(max_attempts=3, base_delay=60)
def refresh_lessons_analysis(authority_id: int) -> dict:
    """Build and store the authority's similarity index and recurring-lessons table for its current data
    version (enqueued on commit by the lesson, review, event, action and follow-up services; a no-op when
    they are stored already)."""
    from .analysis import refresh

    return refresh(authority_id)


@retrying_task(max_attempts=3, base_delay=300)
def refresh_missing_lessons_analyses() -> dict:
    """Enqueue the refresh for every active authority with lessons whose results are missing or behind its
    data version: after a deployment, or lessons loaded without the services."""
    from django.db.models import Exists, OuterRef, Q, Subquery

    from merhav.tenancy.models import Authority

    from .models import Lesson, LessonsAnalysis, LessonsDataVersion

    with scopes_disabled():
        current = LessonsAnalysis.objects.filter(authority=OuterRef("pk"))
        behind = LessonsDataVersion.objects.filter(authority=OuterRef("pk"), version__gt=OuterRef("analysis_version"))
        ids = list(
            Authority.objects.filter(is_active=True)
            .filter(Exists(Lesson.objects.filter(authority=OuterRef("pk"))))
            .annotate(analysis_version=Subquery(current.values("version")[:1]))
            .filter(Q(analysis_version__isnull=True) | Exists(behind))
            .values_list("pk", flat=True)
        )
    for authority_id in ids:
        refresh_lessons_analysis.enqueue(authority_id=authority_id)
    return {"enqueued": len(ids)}
