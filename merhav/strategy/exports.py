"""Documents of the plan: the work plan and budget as .xlsx, the whole plan as a Word document. In Hebrew and
Arabic they read right to left, and text typed by people is never run as a formula (merhav.core.documents)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from merhav.core.documents import DOCX_TYPE, XLSX_TYPE, Sheets, WordDocument, day

from .models import Meeting, Plan, PlanAction
from .selectors import Budget, LogicModel

__all__ = ["DOCX_TYPE", "XLSX_TYPE", "plan_docx", "work_plan_xlsx"]


def work_plan_xlsx(*, plan: Plan, actions: Sequence[PlanAction], budget: Budget) -> bytes:
    sheets = Sheets()
    sheets.sheet(_("Actions"), [
        _("Channel"), _("Action"), _("Owner"), _("Start"), _("End"), _("Status"), _("Progress (%)"),
        _("Target it advances"), _("Depends on"), _("Budget (ILS)"),
    ], [[
        a.channel.name, a.title, a.owner.full_name if a.owner else "", day(a.start), day(a.end),
        str(a.get_status_display()), a.progress, a.outcome.title if a.outcome else "",
        next((b.title for b in actions if b.pk == a.depends_on_id), ""), float(a.budget_total),
    ] for a in actions])
    sheets.sheet(_("Budget lines"), [_("Channel"), _("Action"), _("Year"), _("Funding source"), _("Amount (ILS)")], [
        [a.channel.name, a.title, line.year, str(line.get_source_display()), float(line.amount)]
        for a in actions for line in a.budget_lines.all()
    ])
    sheets.sheet(_("Budget by year"), [_("Channel"), *[str(y) for y in budget.years], _("Total")], [
        *[[name, *[float(v) for v in values], float(total)] for name, values, total in budget.by_channel],
        [_("Total"), *[float(v) for v in budget.totals], float(budget.total)],
    ])
    return sheets.save()


def plan_docx(*, plan: Plan, meetings: Sequence[Meeting], goals, challenges, model: LogicModel,
              actions: Sequence[PlanAction], budget: Budget, initiatives) -> bytes:
    word = WordDocument()
    word.properties(title=plan.title)
    word.heading(plan.title, level=0)
    word.paragraph(_("Status: %(status)s") % {"status": plan.get_status_display()})
    if plan.vision:
        word.heading(_("Vision"))
        word.text(plan.vision)
    if plan.description:
        word.text(plan.description)
    word.heading(_("Goals"))
    for goal in goals:
        word.paragraph(goal.title, style="List Bullet")
    word.heading(_("The five challenges"))
    for challenge in challenges:
        word.heading(challenge.title, level=2)
        if challenge.situation:
            word.text(challenge.situation)
    word.heading(_("Logic model"))
    for _kind, label, nodes in model.columns:
        if nodes:
            word.heading(label, level=2)
            for node in nodes:
                word.paragraph(node.title, style="List Bullet")
    if model.indicators:
        word.heading(_("Indicators"), level=2)
        word.table([_("Indicator"), _("Outcome"), _("Baseline"), _("Target"), _("Target date"), _("Latest")], [
            [v.indicator.name, v.indicator.outcome.title, v.indicator.baseline, v.indicator.target,
             day(v.indicator.target_date), "—" if v.indicator.latest_value is None else v.indicator.latest_value]
            for v in model.indicators
        ])
    word.heading(_("Work plans by channel"))
    word.table([_("Channel"), _("Action"), _("Owner"), _("Start"), _("End"), _("Status"), _("Budget (ILS)")], [
        [a.channel.name, a.title, a.owner.full_name if a.owner else "—", day(a.start), day(a.end),
         a.get_status_display(), f"{a.budget_total:,.0f}"] for a in actions
    ])
    if budget.years:
        word.heading(_("Budget by year"), level=2)
        word.table([_("Channel"), *[str(y) for y in budget.years], _("Total")], [
            *[[name, *[f"{v:,.0f}" for v in values], f"{total:,.0f}"] for name, values, total in budget.by_channel],
            [_("Total"), *[f"{v:,.0f}" for v in budget.totals], f"{budget.total:,.0f}"],
        ])
    word.heading(_("The process"))
    word.table([_("Step"), _("Date"), _("Status")], [
        [m.get_step_display() + (f" — {m.channel.name} {m.number}" if m.channel_id else ""), day(m.when),
         m.get_status_display()] for m in meetings
    ])
    if initiatives:
        word.heading(_("Experimental pilot"))
        word.table([_("Initiative"), _("Score"), _("Status")], [
            [i.title, "—" if i.score is None else i.score, i.get_status_display()] for i in initiatives
        ])
    return word.save()
