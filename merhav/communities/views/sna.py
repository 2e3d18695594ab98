"""The social network analysis of a community: roster surveys at two points in time, a member's answer,
the network of each time (figures, diagram, table) and the comparison; exports to .gexf and .csv.

Who sees what (merhav.communities.policy): the community-level figures and the comparison, every member;
the network with its diagram and table, the leaders and the programme (names: the leaders and the
programme team, numbers for the committees); a member's answer, that member only."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from merhav.audit.services import Action, record, record_personal_read
from merhav.core.submit_once import claim_submission, submit_once
from merhav.ui.forms import add_service_errors

from .. import network, selectors, selectors_sna
from ..forms_sna import RosterAnswerForm, RosterSurveyForm
from ..models import CommunityMember, RosterTie
from ..services.meetings import AlreadyAnswered
from ..services.sna import answer_roster, create_roster_survey
from .common import community_page, member_id_of, perms


def _sna_perms(request, community) -> dict[str, bool]:
    return {"can_view_sna": request.user.has_perm("communities.view_sna", community),
            "can_see_names": request.user.has_perm("communities.sna_names", community)}


@community_page()
def sna(request, community):
    """The roster surveys, each time's community-level figures, and time 1 against time 2."""
    rows = selectors_sna.surveys(community)
    figures = selectors_sna.analyses(community, rows)
    answered = selectors_sna.answered_survey_ids(community, member_id_of(request, community))
    today = timezone.localdate()
    context = {
        "community": community, "surveys": [(s, figures[s.pk], s.pk in answered, s.is_open_on(today)) for s in rows],
        "comparison": selectors_sna.comparison(rows, figures),
        **perms(request, community), **_sna_perms(request, community),
    }
    return render(request, "communities/sna/index.html", context)


@community_page("communities.lead")
@submit_once
def survey_create(request, community):
    form = RosterSurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with claim_submission(request) as claim:
                create_roster_survey(community=community, title=data["title"], round=data["round"],
                                     opens_on=data["opens_on"], closes_on=data["closes_on"])
                claim.lands_on(reverse("communities:sna", args=[community.pk]))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The survey was set and the members were told."))
            return redirect(claim.url)
    return render(request, "communities/sna/survey_form.html", {"form": form, "community": community},
                  status=400 if form.errors else 200)


@community_page("communities.take_part_in")
def answer(request, community, roster_id: int):
    """The member's answer: a form while the survey is open and they have not answered; then their own
    answer, read through the audit helper."""
    survey = get_object_or_404(selectors_sna.survey_detail(community, roster_id))
    member_id = member_id_of(request, community)
    mine = selectors_sna.own_ties(survey, member_id)
    answered = survey.pk in selectors_sna.answered_survey_ids(community, member_id)
    form = None
    if not answered and survey.is_open_on(timezone.localdate()):
        form = RosterAnswerForm(request.POST or None, people=list(selectors.members(community)), me=member_id)
        if request.method == "POST" and form.is_valid():
            try:
                answer_roster(survey=survey, member=CommunityMember.objects.get(pk=member_id), ties=form.ties())
            except AlreadyAnswered:
                form.add_error(None, _("You have already answered this survey; each member answers once. Your first "
                                       "answer is counted."))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Thank you: your answer was counted."))
                return redirect("communities:sna_answer", community_id=community.pk, roster_id=survey.pk)
    elif request.method == "POST":
        messages.error(request, _("You have already answered this survey; each member answers once. Your first "
                                  "answer is counted.") if answered else _("The survey is closed."))
    if mine:
        record_personal_read(object_type="communities.rostertie", ids=[t.pk for t in mine])
    context = {"community": community, "survey": survey, "form": form, "mine": mine, "answered": answered,
               **perms(request, community)}
    return render(request, "communities/sna/answer.html", context,
                  status=400 if (form is not None and form.errors) else 200)


def _labels(request, community, figures) -> tuple[dict[int, int], dict[int, selectors_sna.Person], bool]:
    """Each node's number, and (for those who may see names) who it is; the names shown are audited."""
    names = request.user.has_perm("communities.sna_names", community)
    if names:
        people = selectors_sna.people(community, figures["nodes"])
        record_personal_read(object_type="communities.communitymember", ids=list(people))
        return {v: p.number for v, p in people.items()}, people, True
    return selectors_sna.anonymous(figures["nodes"]), {}, False


@community_page("communities.view_sna")
def network_page(request, community, roster_id: int):
    """One time's network: the figures, the diagram and the table beside it with the same data."""
    survey = get_object_or_404(selectors_sna.survey_detail(community, roster_id))
    figures = selectors_sna.analysis(survey)
    numbers, people, names = _labels(request, community, figures)
    title = _("The network of %(survey)s") % {"survey": survey.title}
    description = _("%(nodes)s members and %(ties)s ties in %(components)s connected parts; %(groups)s sub-groups, "
                    "each in its own colour. A circle is a member (larger: more ties), a line a tie (thicker: more "
                    "frequent); the number is the member's number in the table.") % {
        "nodes": figures["node_count"], "ties": figures["tie_count"], "components": figures["component_count"],
        "groups": len(figures["groups"])}
    diagram = network.draw(figures, numbers, title=title, description=description) if figures["node_count"] else ""

    def who(v: int) -> dict:
        person = people.get(v)
        return {"number": numbers[v], "name": person.name if person else "", "role": person.role if person else "",
                "authority": person.authority if person else ""}

    rows = sorted(({**who(v), "degree": figures["degree"][v], "degree_centrality": figures["degree_centrality"][v],
                    "betweenness": figures["betweenness"][v], "group": figures["group_of"].get(v, 0) + 1}
                   for v in figures["nodes"]), key=lambda r: r["number"])
    context = {
        "community": community, "survey": survey, "figures": figures, "diagram": diagram, "rows": rows,
        "names": names, "title": title,
        "central": [who(v) for v in figures["central"]],
        "peripheral": [who(v) for v in figures["peripheral"]],
        "groups": [(i + 1, network.PALETTE[i] if i < len(network.PALETTE) else network.OTHER_COLOR,
                    [who(v) for v in sorted(g, key=numbers.__getitem__)]) for i, g in enumerate(figures["groups"])],
        **perms(request, community), **_sna_perms(request, community),
    }
    return render(request, "communities/sna/network.html", context)


@community_page("communities.view_sna")
def export_gexf(request, community, roster_id: int):
    survey = get_object_or_404(selectors_sna.survey_detail(community, roster_id))
    figures = selectors_sna.analysis(survey)
    numbers, people, _names = _labels(request, community, figures)
    labels = {v: people[v].name if v in people else _("Member %(number)s") % {"number": numbers[v]}
              for v in figures["nodes"]}
    record(action=Action.EXPORT, obj=survey, fields=["network"])
    response = HttpResponse(network.to_gexf(figures, labels), content_type="application/gexf+xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="network-{community.pk}-{survey.round}.gexf"'
    return response


@community_page("communities.view_sna")
def export_csv(request, community, roster_id: int):
    """The named ties, one a line: who answered, whom they named, how often, about what. With names for
    those who may see them; numbers (and no topics, which could tell who wrote them) for the others."""
    survey = get_object_or_404(selectors_sna.survey_detail(community, roster_id))
    figures = selectors_sna.analysis(survey)
    numbers, people, names = _labels(request, community, figures)
    frequency = {value: str(label) for value, label in RosterTie.Frequency.choices}
    if names:
        header = [_("Number"), _("Member"), _("Named number"), _("Named member"), _("How often"), _("About what")]
        rows = [(numbers[a], people[a].name, numbers[b], people[b].name, frequency.get(f, f), topic)
                for a, b, f, topic in selectors_sna.named_ties(survey) if a in people and b in people]
    else:
        header = [_("Number"), _("Named number"), _("How often")]
        rows = [(numbers[a], numbers[b], frequency.get(f, f)) for a, b, f, _topic in selectors_sna.named_ties(survey)]
    record(action=Action.EXPORT, obj=survey, fields=["ties"])
    response = HttpResponse(network.to_csv(rows, header), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ties-{community.pk}-{survey.round}.csv"'
    return response
