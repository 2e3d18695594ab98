"""The knowledge network's pages: the network and its waves, joining (the onboarding questionnaire), the
discussion board, the online talks, the newsletters, the quarterly pulse and the evaluation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from merhav.audit.services import personal_rows_shown
from merhav.core.permissions import check_perm
from merhav.core.submit_once import claim_submission, submit_once
from merhav.ui.forms import add_service_errors

from .. import network_selectors as selectors
from ..models import NETWORK_LAUNCH_SIZE, NETWORK_WAVE_SIZE, CommunityMember, EvaluationSurvey, PulseSurvey
from ..network_forms import (
    EvaluationAnswerForm,
    EvaluationSurveyForm,
    JoinForm,
    NewsletterForm,
    PulseAnswerForm,
    PulseForm,
    ReplyForm,
    TalkForm,
    ThreadForm,
    WaveForm,
)
from ..services import network as services
from .common import PAGE_SIZE, community_page, member_id_of, perms


def _context(request, community, **extra) -> dict:
    user = request.user
    return {"community": community, **perms(request, community),
            "can_post": user.has_perm("communities.post_in_network", community),
            "can_answer": user.has_perm("communities.answer_network_survey", community), **extra}


WAVES_SHOWN = 12  # the newest waves on the network's page (a network of thousands has hundreds of waves)


def _data(request):
    """The form's data on a POST, even an empty one (an empty POST is bound and shows what is missing)."""
    return request.POST if request.method == "POST" else None


def _status(form) -> int:
    return 400 if form.errors else 200


def _posted(request, form, *, make: Callable[[], Any], then: Callable[[Any], str],
            said: str | Callable[[Any], str]) -> HttpResponse | None:
    """The POST half of a page with a form, after the caller checked the policy: when the form is valid,
    `make()` runs the service under the submit-once claim and the browser goes to `then(made)` with the
    message `said`; a service's errors go beside the fields. None: the page is shown again with the form."""
    if not form.is_valid():
        return None
    try:
        with claim_submission(request) as claim:
            made = make()
            claim.lands_on(then(made))
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    messages.success(request, said(made) if callable(said) else said)
    return redirect(claim.url)


@community_page()
def network(request, community):
    mine = selectors.my_network_row(community, member_id_of(request, community))
    can_lead = request.user.has_perm("communities.lead", community)
    form = WaveForm(None, initial={"opens_on": timezone.localdate()})
    page = Paginator(selectors.network_members(community) if can_lead else selectors.network_members(community).none(),
                     PAGE_SIZE).get_page(request.GET.get("page"))
    rows = personal_rows_shown(page.object_list, person="member") if can_lead else []
    wave_rows = list(selectors.waves(community).order_by("-number")[:WAVES_SHOWN])
    context = _context(request, community, mine=mine, waves=wave_rows[::-1], rows=rows, form=form, page=page,
                       size=selectors.network_size(community), talks=list(selectors.talks(community)[:3]),
                       wave_count=wave_rows[0].number if wave_rows else 0, waves_shown=WAVES_SHOWN,
                       launch=NETWORK_LAUNCH_SIZE, wave_size=NETWORK_WAVE_SIZE,
                       is_member=member_id_of(request, community) is not None)
    return render(request, "communities/network/network.html", context)


@community_page("communities.lead")
@submit_once
def wave_create(request, community):
    form = WaveForm(_data(request), initial={"opens_on": timezone.localdate()})
    if request.method == "POST" and (done := _posted(
            request, form, make=lambda: services.add_wave(community=community, **form.cleaned_data),
            then=lambda _wave: reverse("communities:network", args=[community.pk]),
            said=lambda wave: _("Wave %(number)s was opened for joining.") % {"number": wave.number})):
        return done
    return render(request, "communities/network/form.html",
                  _context(request, community, form=form, heading=_("Open a joining wave"),
                           intro=_("The first wave is the launch group of 20 to 30 members; each wave after it "
                                   "takes 5 to 10."), button=_("Open the wave")), status=_status(form))


@community_page("communities.take_part_in")
@submit_once
def join(request, community):
    member_id = member_id_of(request, community)
    if selectors.my_network_row(community, member_id) is not None:
        messages.info(request, _("You are already a member of the knowledge network."))
        return redirect("communities:network", community_id=community.pk)
    form = JoinForm(_data(request))
    if request.method == "POST" and (done := _posted(
            request, form, make=lambda: services.join_network(
                community=community, member=CommunityMember.objects.filter(pk=member_id).first(), **form.cleaned_data),
            then=lambda _row: reverse("communities:network", args=[community.pk]),
            said=lambda row: _("Welcome to the knowledge network! You joined in wave %(number)s.") % {
                "number": row.wave.number})):
        return done
    return render(request, "communities/network/form.html",
                  _context(request, community, form=form, heading=_("Join the knowledge network"),
                           intro=_("A few questions so the network knows what you bring and what you look for. "
                                   "Your answers are seen by the community leader and the programme team."),
                           button=_("Join")), status=_status(form))


@community_page()
@submit_once
def board(request, community):
    form = ThreadForm(_data(request))
    if request.method == "POST":
        check_perm(request, "communities.post_in_network", community)
        if done := _posted(request, form, make=lambda: services.start_thread(community=community, **form.cleaned_data),
                           then=lambda thread: reverse("communities:network_thread", args=[community.pk, thread.pk]),
                           said=_("The discussion was opened.")):
            return done
    page = Paginator(selectors.threads(community), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "communities/network/board.html",
                  _context(request, community, form=form, page=page, rows=list(page.object_list)),
                  status=_status(form))


@community_page()
@submit_once
def thread(request, community, network_thread_id: int):
    thread = get_object_or_404(selectors.thread_detail(community, network_thread_id))
    form = ReplyForm(_data(request))
    if request.method == "POST":
        check_perm(request, "communities.post_in_network", community)
        if done := _posted(request, form, make=lambda: services.reply(thread=thread, **form.cleaned_data),
                           then=lambda post: reverse("communities:network_thread", args=[community.pk, thread.pk])
                           + f"?page=last#post-{post.pk}",
                           said=_("Your reply was posted, and the discussion's participants were told.")):
            return done
    paginator = Paginator(selectors.posts(thread), PAGE_SIZE)
    wanted = request.GET.get("page")
    page = paginator.get_page(paginator.num_pages if wanted == "last" else wanted)
    return render(request, "communities/network/thread.html",
                  _context(request, community, thread=thread, form=form, page=page, rows=list(page.object_list)),
                  status=_status(form))


@community_page()
@submit_once
def talks(request, community):
    form = TalkForm(_data(request))
    if request.method == "POST":
        check_perm(request, "communities.lead", community)
        if done := _posted(request, form, make=lambda: services.schedule_talk(
                community=community, topic=form.cleaned_data["topic"], speaker=form.cleaned_data["speaker"],
                starts_at=form.starts_at(), link=form.cleaned_data["link"],
                description=form.cleaned_data["description"]),
                then=lambda _talk: reverse("communities:network_talks", args=[community.pk]),
                said=_("The talk was scheduled and is in the members' calendars.")):
            return done
    page = Paginator(selectors.talks(community), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "communities/network/talks.html",
                  _context(request, community, form=form, page=page, rows=list(page.object_list),
                           now=timezone.now()), status=_status(form))


@community_page()
@submit_once
def newsletters(request, community):
    form = NewsletterForm(_data(request))
    if request.method == "POST":
        check_perm(request, "communities.lead", community)
        if done := _posted(
                request, form, make=lambda: services.generate_newsletter(community=community, **form.cleaned_data),
                then=lambda made: reverse("communities:network_newsletter", args=[community.pk, made.pk]),
                said=_("The newsletter was put together. Read it, then send it.")):
            return done
    page = Paginator(selectors.newsletters(community), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "communities/network/newsletters.html",
                  _context(request, community, form=form, page=page, rows=list(page.object_list)),
                  status=_status(form))


@community_page()
def newsletter(request, community, newsletter_id: int):
    newsletter = get_object_or_404(selectors.newsletters(community), pk=newsletter_id)
    if request.method == "POST":
        check_perm(request, "communities.lead", community)
        try:
            count = services.send_newsletter(newsletter=newsletter)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The newsletter is on its way to %(count)s members.") % {"count": count})
        return redirect("communities:network_newsletter", community_id=community.pk, newsletter_id=newsletter.pk)
    products = list(newsletter.products.select_related("team").order_by("-published_at", "-id"))
    return render(request, "communities/network/newsletter.html",
                  _context(request, community, newsletter=newsletter, products=products))


@community_page()
@submit_once
def pulses(request, community):
    today = timezone.localdate()
    form = PulseForm(_data(request), initial={"year": today.year, "quarter": (today.month - 1) // 3 + 1})
    if request.method == "POST":
        check_perm(request, "communities.lead", community)
        if done := _posted(request, form, make=lambda: services.open_pulse(community=community, **form.cleaned_data),
                           then=lambda made: reverse("communities:network_pulse", args=[community.pk, made.pk]),
                           said=_("The pulse question is open to the network's members.")):
            return done
    page = Paginator(selectors.pulses(community), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "communities/network/pulses.html",
                  _context(request, community, form=form, page=page, rows=list(page.object_list),
                           network_size=selectors.network_size(community)), status=_status(form))


@community_page()
@submit_once
def pulse(request, community, pulse_id: int):
    pulse = get_object_or_404(PulseSurvey.objects.filter(community=community), pk=pulse_id)
    form = PulseAnswerForm(_data(request))
    member_id = member_id_of(request, community)
    if request.method == "POST":
        check_perm(request, "communities.answer_network_survey", community)
        if done := _posted(request, form, make=lambda: services.answer_pulse(
                pulse=pulse, member=CommunityMember.objects.filter(pk=member_id).first(),
                value=form.cleaned_data["value"]),
                then=lambda _answer: reverse("communities:network_pulse", args=[community.pk, pulse.pk]),
                said=_("Thank you: your answer was counted.")):
            return done
    mine = pulse.answers.filter(member_id=member_id).first() if member_id else None
    results = selectors.pulse_results(pulse, selectors.network_size(community))
    return render(request, "communities/network/pulse.html",
                  _context(request, community, pulse=pulse, form=form, mine=mine, results=results),
                  status=_status(form))


@community_page()
@submit_once
def evaluation(request, community):
    """The figures of each evaluation survey: for everyone who sees the community; every member's answers
    only for those who lead it or run the programme."""
    form = EvaluationSurveyForm(_data(request))
    if request.method == "POST":
        check_perm(request, "communities.lead", community)
        if done := _posted(
                request, form, make=lambda: services.open_evaluation(community=community, **form.cleaned_data),
                then=lambda made: reverse("communities:network_evaluation_survey", args=[community.pk, made.pk]),
                said=_("The evaluation survey is open to the network's members.")):
            return done
    size = selectors.network_size(community)
    surveys = [(s, selectors.evaluation_figures(s, size)) for s in selectors.evaluation_surveys(community)[:4]]
    return render(request, "communities/network/evaluation.html",
                  _context(request, community, form=form, surveys=surveys), status=_status(form))


@community_page()
@submit_once
def evaluation_survey(request, community, evaluation_id: int):
    survey = get_object_or_404(EvaluationSurvey.objects.filter(community=community), pk=evaluation_id)
    member_id = member_id_of(request, community)
    form = EvaluationAnswerForm(_data(request))
    if request.method == "POST":
        check_perm(request, "communities.answer_network_survey", community)
        if done := _posted(request, form, make=lambda: services.answer_evaluation(
                survey=survey, member=CommunityMember.objects.filter(pk=member_id).first(), **form.cleaned_data),
                then=lambda _answer: reverse("communities:network_evaluation_survey", args=[community.pk, survey.pk]),
                said=_("Thank you: your answers were saved.")):
            return done
    mine = selectors.my_evaluation_answer(survey, member_id)
    can_read_all = request.user.has_perm("communities.read_evaluation_answers", community)
    page = Paginator(selectors.evaluation_answers(survey) if can_read_all else selectors.evaluation_answers(survey).none(),
                     PAGE_SIZE).get_page(request.GET.get("page"))
    answers = personal_rows_shown(page.object_list, person="member") if can_read_all else []
    figures = selectors.evaluation_figures(survey, selectors.network_size(community))
    return render(request, "communities/network/evaluation_survey.html",
                  _context(request, community, survey=survey, form=form, mine=mine, answers=answers, page=page,
                           figures=figures, can_read_all=can_read_all), status=_status(form))


