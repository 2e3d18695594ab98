"""The knowledge network (seed 002, "going beyond the community"): waves of joining with the onboarding
questionnaire, the discussion board, the monthly online talks, the newsletter of the period's products,
the quarterly pulse and the evaluation survey. Every write here: keyword-only, one transaction, audited
by field name, refused with a clear message by field (ValidationError) before anything is stored."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from merhav.accounts.models import User
from merhav.audit.services import Action, record
from merhav.core import context

from ..models import (
    NETWORK_LAUNCH_SIZE,
    Community,
    CommunityMember,
    EvaluationAnswer,
    EvaluationSurvey,
    KnowledgeProduct,
    NetworkMember,
    NetworkPost,
    NetworkTalk,
    NetworkThread,
    NetworkWave,
    Newsletter,
    PulseAnswer,
    PulseSurvey,
)
from .common import notify, raise_if, required, text


def _https(errors: dict[str, str], name: str, link: str) -> None:
    if link and not link.startswith(("https://", "http://")):
        errors[name] = _("A link starts with https://")


# --- Waves and joining ---------------------------------------------------------------------------------


def add_wave(*, community: Community, opens_on: date | None, note: str = "") -> NetworkWave:
    """The first wave is the launch group (20–30 members); each later one takes 5–10."""
    errors: dict[str, str] = {}
    required(errors, "opens_on", opens_on)
    raise_if(errors)
    with transaction.atomic(), scope(community=community.pk):
        last = NetworkWave.objects.filter(community=community).order_by("-number").first()
        if last is not None and opens_on is not None and opens_on < last.opens_on:
            raise ValidationError({"opens_on": _("A wave opens after the one before it (%(date)s).") % {
                "date": last.opens_on.strftime("%d.%m.%Y")}})
        wave = NetworkWave.objects.create(
            community=community, number=(last.number + 1) if last else 1, opens_on=opens_on, note=text(note, 300),
            kind=NetworkWave.Kind.WAVE if last else NetworkWave.Kind.LAUNCH)
        record(action=Action.CREATE, obj=wave, fields=["kind", "number", "opens_on", "note"])
    return wave


def join_network(*, community: Community, member: CommunityMember | None, expertise: str, interests: str,
                 contribution: str = "", online_ready: bool = True) -> NetworkMember:
    """The onboarding questionnaire: the member joins the newest wave that has room."""
    errors: dict[str, str] = {}
    expertise, interests = text(expertise, 2000), text(interests, 2000)
    required(errors, "expertise", expertise)
    required(errors, "interests", interests)
    if member is None or member.community_id != community.pk or not member.is_active:
        errors["__all__"] = _("Only a member of the community joins its knowledge network: ask the community "
                              "leader to add you.")
    raise_if(errors)
    assert member is not None
    with transaction.atomic(), scope(community=community.pk):
        if NetworkMember.objects.filter(member=member).exists():
            raise ValidationError(_("You are already a member of the knowledge network."))
        wave = (NetworkWave.objects.filter(community=community).order_by("-number").first())
        if wave is None:
            raise ValidationError(_("The network has not opened yet: the community leader opens the launch group "
                                    "first."))
        if wave.network_members.count() >= wave.size_range[1]:
            raise ValidationError(_("This wave is full (%(size)s members): the next wave will open soon, and the "
                                    "community leader will let you know.") % {"size": wave.size_range[1]})
        try:
            with transaction.atomic():
                row = NetworkMember.objects.create(
                    community=community, member=member, wave=wave, expertise=expertise, interests=interests,
                    contribution=text(contribution, 2000), online_ready=bool(online_ready))
        except IntegrityError as error:
            raise ValidationError(_("You are already a member of the knowledge network.")) from error
        record(action=Action.CREATE, obj=row, fields=["wave", "expertise", "interests", "contribution",
                                                     "online_ready"])
    return row


def launch_ready(wave: NetworkWave, size: int) -> bool:
    low, high = wave.size_range
    return low <= size <= high if wave.kind == NetworkWave.Kind.LAUNCH else size <= high


# --- The discussion board ------------------------------------------------------------------------------


def start_thread(*, community: Community, title: str, body: str) -> NetworkThread:
    errors: dict[str, str] = {}
    title, body = text(title, 200), text(body, 10000)
    required(errors, "title", title)
    required(errors, "body", body)
    raise_if(errors)
    with transaction.atomic(), scope(community=community.pk):
        now = timezone.now()
        thread = NetworkThread.objects.create(community=community, title=title, body=body,
                                              author=context.current_user(), created_at=now, last_post_at=now)
        record(action=Action.CREATE, obj=thread, fields=["title", "body"])
    return thread


def reply(*, thread: NetworkThread, body: str) -> NetworkPost:
    """A reply; everyone who took part in the discussion (but the one replying) is told, once."""
    errors: dict[str, str] = {}
    body = text(body, 10000)
    required(errors, "body", body)
    raise_if(errors)
    author = context.current_user()
    with transaction.atomic(), scope(community=thread.community_id):
        now = timezone.now()
        post = NetworkPost.objects.create(community_id=thread.community_id, thread=thread, author=author,
                                          body=body, created_at=now)
        NetworkThread.objects.filter(pk=thread.pk).update(reply_count=F("reply_count") + 1, last_post_at=now)
        record(action=Action.CREATE, obj=post, fields=["body"])
        ids = {thread.author_id, *NetworkPost.objects.filter(thread=thread).values_list("author_id", flat=True)}
        ids.discard(getattr(author, "pk", None))
        ids.discard(None)
        title_text = thread.title
        notify(User.objects.filter(pk__in=ids), kind="communities.network_reply",
               url=reverse("communities:network_thread", args=[thread.community_id, thread.pk]),
               title=lambda: _("A new reply in the discussion: %(title)s") % {"title": title_text},
               body=lambda: _("Someone replied in a discussion of the knowledge network you took part in."),
               dedupe_key=f"communities.network_reply:{post.pk}")
    return post


# --- Online talks ----------------------------------------------------------------------------------------


def schedule_talk(*, community: Community, topic: str, starts_at: datetime | None, link: str, speaker: str = "",
                  description: str = "") -> NetworkTalk:
    errors: dict[str, str] = {}
    topic, link = text(topic, 200), text(link, 500)
    required(errors, "topic", topic)
    required(errors, "starts_at", starts_at)
    required(errors, "link", link)
    _https(errors, "link", link)
    raise_if(errors)
    with transaction.atomic(), scope(community=community.pk):
        talk = NetworkTalk.objects.create(community=community, topic=topic, starts_at=starts_at, link=link,
                                          speaker=text(speaker, 200), description=text(description, 4000))
        record(action=Action.CREATE, obj=talk, fields=["topic", "starts_at", "link", "speaker", "description"])
    return talk


# --- The newsletter ----------------------------------------------------------------------------------------


def generate_newsletter(*, community: Community, period_start: date | None, period_end: date | None,
                        intro: str = "", title: str = "") -> Newsletter:
    """A newsletter of the products the community published in the period; none published: refused."""
    errors: dict[str, str] = {}
    required(errors, "period_start", period_start)
    required(errors, "period_end", period_end)
    if period_start and period_end and period_end < period_start:
        errors["period_end"] = _("The period ends after it starts.")
    raise_if(errors)
    assert period_start is not None and period_end is not None
    with transaction.atomic(), scope(community=community.pk):
        products = list(KnowledgeProduct.objects.filter(
            community=community, status=KnowledgeProduct.Status.PUBLISHED,
            published_at__date__gte=period_start, published_at__date__lte=period_end).values_list("pk", flat=True))
        if not products:
            raise ValidationError(_("No knowledge product was published between %(start)s and %(end)s: there is "
                                    "nothing to put in a newsletter. Choose another period.") % {
                "start": period_start.strftime("%d.%m.%Y"), "end": period_end.strftime("%d.%m.%Y")})
        newsletter = Newsletter.objects.create(
            community=community, period_start=period_start, period_end=period_end, intro=text(intro, 4000),
            title=text(title, 200) or _("Newsletter of the knowledge network, %(start)s to %(end)s") % {
                "start": period_start.strftime("%d.%m.%Y"), "end": period_end.strftime("%d.%m.%Y")},
            created_by=context.current_user())
        newsletter.products.set(products)
        record(action=Action.CREATE, obj=newsletter, fields=["title", "period_start", "period_end", "intro",
                                                            "products"])
    return newsletter


def newsletter_text(newsletter: Newsletter, products: list[KnowledgeProduct]) -> str:
    lines = [newsletter.intro, ""] if newsletter.intro else []
    for product in products:
        lines.append(f"• {product.title} ({product.get_kind_display()})")
        if product.summary:
            lines.append(f"  {product.summary[:300]}")
        if product.link:
            lines.append(f"  {product.link}")
    return "\n".join(lines)


def send_newsletter(*, newsletter: Newsletter) -> int:
    """To every member of the network: an inbox entry and an email (by the worker), once each."""
    with transaction.atomic(), scope(community=newsletter.community_id):
        current = Newsletter.objects.select_for_update().get(pk=newsletter.pk)
        if current.sent_at is not None:
            raise ValidationError(_("This newsletter was already sent on %(date)s.") % {
                "date": timezone.localtime(current.sent_at).strftime("%d.%m.%Y %H:%M")})
        products = list(current.products.order_by("-published_at", "-id"))
        recipients = list(User.objects.filter(
            community_memberships__community_id=current.community_id, community_memberships__is_active=True,
            community_memberships__network__isnull=False, is_active=True).distinct())
        if not recipients:
            raise ValidationError(_("The knowledge network has no members yet: there is no one to send to."))
        body = newsletter_text(current, products)
        title_text = current.title
        notify(recipients, kind="communities.newsletter", title=lambda: title_text, body=body,
               url=reverse("communities:network_newsletter", args=[current.community_id, current.pk]),
               dedupe_key=f"communities.newsletter:{current.pk}")
        current.sent_at = timezone.now()
        current.recipient_count = len(recipients)
        current.save(update_fields=["sent_at", "recipient_count"])
        record(action=Action.UPDATE, obj=current, fields=["sent_at", "recipient_count"])
    return len(recipients)


# --- The pulse and the evaluation ------------------------------------------------------------------------


def _network_member(community: Community, member: CommunityMember | None) -> None:
    if member is None or member.community_id != community.pk or not NetworkMember.objects.filter(
            member=member).exists():
        raise ValidationError(_("Only members of the knowledge network answer this survey."))


def open_pulse(*, community: Community, year: int | None, quarter: int | None, question: str) -> PulseSurvey:
    errors: dict[str, str] = {}
    question = text(question, 300)
    required(errors, "question", question)
    required(errors, "year", year)
    if quarter not in (1, 2, 3, 4):
        errors["quarter"] = _("A quarter is 1, 2, 3 or 4.")
    raise_if(errors)
    with transaction.atomic(), scope(community=community.pk):
        if PulseSurvey.objects.filter(community=community, year=year, quarter=quarter).exists():
            raise ValidationError({"quarter": _("This quarter already has its pulse question.")})
        pulse = PulseSurvey.objects.create(community=community, year=year, quarter=quarter, question=question)
        record(action=Action.CREATE, obj=pulse, fields=["year", "quarter", "question"])
    return pulse




def answer_pulse(*, pulse: PulseSurvey, member: CommunityMember | None, value: int | None) -> PulseAnswer:
    if value not in (1, 2, 3, 4, 5):
        raise ValidationError({"value": _("Choose an answer from 1 to 5.")})
    with transaction.atomic(), scope(community=pulse.community_id):
        _network_member(pulse.community, member)
        if PulseAnswer.objects.filter(pulse=pulse, member=member).exists():
            raise ValidationError(_("You already answered this survey: each member answers once."))
        try:
            with transaction.atomic():
                answer = PulseAnswer.objects.create(community_id=pulse.community_id, pulse=pulse, member=member,
                                                    value=value)
        except IntegrityError as error:
            raise ValidationError(_("You already answered this survey: each member answers once.")) from error
        record(action=Action.CREATE, obj=answer, fields=["value"])
    return answer


def open_evaluation(*, community: Community, title: str, opens_on: date | None = None) -> EvaluationSurvey:
    errors: dict[str, str] = {}
    title = text(title, 200)
    required(errors, "title", title)
    raise_if(errors)
    with transaction.atomic(), scope(community=community.pk):
        survey = EvaluationSurvey.objects.create(community=community, title=title,
                                                 opens_on=opens_on or timezone.localdate())
        record(action=Action.CREATE, obj=survey, fields=["title", "opens_on"])
    return survey


def answer_evaluation(*, survey: EvaluationSurvey, member: CommunityMember | None, meetings_satisfaction: int | None,
                      ongoing_contact: bool, adopted_tool: bool, shared_with_manager: bool,
                      comment: str = "") -> EvaluationAnswer:
    if meetings_satisfaction not in (1, 2, 3, 4, 5):
        raise ValidationError({"meetings_satisfaction": _("Choose an answer from 1 to 5.")})
    with transaction.atomic(), scope(community=survey.community_id):
        _network_member(survey.community, member)
        if EvaluationAnswer.objects.filter(survey=survey, member=member).exists():
            raise ValidationError(_("You already answered this survey: each member answers once."))
        try:
            with transaction.atomic():
                answer = EvaluationAnswer.objects.create(
                    community_id=survey.community_id, survey=survey, member=member,
                    meetings_satisfaction=meetings_satisfaction, ongoing_contact=bool(ongoing_contact),
                    adopted_tool=bool(adopted_tool), shared_with_manager=bool(shared_with_manager),
                    comment=text(comment, 4000))
        except IntegrityError as error:
            raise ValidationError(_("You already answered this survey: each member answers once.")) from error
        record(action=Action.CREATE, obj=answer, fields=["meetings_satisfaction", "ongoing_contact", "adopted_tool",
                                                        "shared_with_manager", "comment"])
    return answer


__all__ = [
    "NETWORK_LAUNCH_SIZE", "add_wave", "answer_evaluation", "answer_pulse", "generate_newsletter", "join_network",
    "launch_ready", "open_evaluation", "open_pulse", "reply", "schedule_talk", "send_newsletter", "start_thread",
]
