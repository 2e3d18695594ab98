"""Input of the strategic plan's pages. The forms validate what a person typed; the services check the rules
again (the API calls them directly). People pickers show each person's role and department."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from merhav.core.forms import DateField
from merhav.tenancy.models import Membership
from merhav.tenancy.roles import WRITING_ROLES

from .models import BudgetLine, Channel, LogicNode, Participant, Plan, PlanAction


class MemberField(forms.ModelChoiceField):
    """A person of the authority, shown with role and department; cleaned to the user."""

    def label_from_instance(self, membership: Membership) -> str:
        user = membership.user
        parts = [str(membership.get_role_display())]
        if membership.department_id:
            parts.append(str(membership.department))
        return f"{user.full_name or user.email} — {', '.join(parts)}"

    def clean(self, value):
        membership = super().clean(value)
        return membership.user if membership else None


def member_choices(authority_id: int):
    return (Membership.objects.filter(authority_id=authority_id, is_active=True, role__in=WRITING_ROLES,
                                      user__is_active=True)
            .select_related("user", "department").order_by("user__full_name", "pk"))


def _versioned() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, required=False)


class PlanForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    status = forms.ChoiceField(label=_("Status"), choices=Plan.Status.choices, initial=Plan.Status.DRAFT)
    start_date = DateField(label=_("Steering committee date"), required=False,
                           help_text=_("The dates of the following meetings are proposed from it."))
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    vision = forms.CharField(label=_("Vision"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Built at the launch conference."))
    # The version the person started from: a stale one shows the conflict screen instead of overwriting.
    version = _versioned()

    @staticmethod
    def initial_for(plan: Plan) -> dict:
        return {"title": plan.title, "status": plan.status, "description": plan.description, "vision": plan.vision,
                "start_date": plan.start_date, "version": plan.version}


class MeetingDateForm(forms.Form):
    date = DateField(label=_("Date"))
    version = _versioned()


class AttendeesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, person: Participant) -> str:
        return f"{person.full_name} — {person.organisation}" if person.organisation else person.full_name


class HoldMeetingForm(forms.Form):
    held_on = DateField(label=_("Held on"))
    attendees = AttendeesField(label=_("Who came"), queryset=Participant.objects.none(),
                                               required=False, widget=forms.CheckboxSelectMultiple)
    decisions = forms.CharField(label=_("Decisions"), widget=forms.Textarea(attrs={"rows": 5}))
    version = _versioned()

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = people


class ParticipantForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    organisation = forms.CharField(label=_("Organisation"), max_length=150, required=False)
    sector = forms.ChoiceField(label=_("Sector"), choices=Participant.Sector.choices)
    committee = forms.ChoiceField(label=_("Committee"), choices=Participant.Committee.choices)
    channel = forms.ModelChoiceField(label=_("Channel (for a team member)"), queryset=Channel.objects.none(),
                                     required=False)
    user = MemberField(label=_("User account (for reminders)"), queryset=Membership.objects.none(), required=False)

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].queryset = Channel.objects.filter(plan=plan).order_by("order", "id")
        self.fields["user"].queryset = member_choices(plan.authority_id)


class ChannelForm(forms.Form):
    name = forms.CharField(label=_("Channel"), max_length=120)
    lead = MemberField(label=_("Domain lead"), queryset=Membership.objects.none(), required=False)

    def __init__(self, *args, authority_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = member_choices(authority_id)


class ChallengeForm(forms.Form):
    title = forms.CharField(label=_("Challenge"), max_length=200)
    situation = forms.CharField(label=_("Situation picture"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    needs = forms.IntegerField(label=_("Needs mapped"), min_value=0, initial=0)
    resources = forms.IntegerField(label=_("Resources mapped"), min_value=0, initial=0)


class GoalForm(forms.Form):
    title = forms.CharField(label=_("Goal"), max_length=300)


class NodeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Column"), choices=LogicNode.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)


class LinkForm(forms.Form):
    source = forms.ModelChoiceField(label=_("From"), queryset=LogicNode.objects.none())
    target = forms.ModelChoiceField(label=_("Leads to"), queryset=LogicNode.objects.none())

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        nodes = LogicNode.objects.filter(plan=plan).order_by("kind", "order", "id")
        self.fields["source"].queryset = nodes
        self.fields["target"].queryset = nodes


class IndicatorForm(forms.Form):
    outcome = forms.ModelChoiceField(label=_("Outcome"), queryset=LogicNode.objects.none())
    name = forms.CharField(label=_("Indicator"), max_length=200)
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    baseline = forms.DecimalField(label=_("Baseline"), max_digits=14, decimal_places=2)
    target = forms.DecimalField(label=_("Target"), max_digits=14, decimal_places=2)
    target_date = DateField(label=_("Target date"))

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].queryset = LogicNode.objects.filter(plan=plan, kind__in=LogicNode.OUTCOMES)


class MeasurementForm(forms.Form):
    measured_on = DateField(label=_("Measured on"))
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2)


class ActionForm(forms.Form):
    channel = forms.ModelChoiceField(label=_("Channel"), queryset=Channel.objects.none())
    title = forms.CharField(label=_("Action"), max_length=200)
    owner = MemberField(label=_("Owner"), queryset=Membership.objects.none(), required=False)
    start = DateField(label=_("Start"))
    end = DateField(label=_("End"))
    outcome = forms.ModelChoiceField(label=_("Target it advances"), queryset=LogicNode.objects.none(), required=False)
    depends_on = forms.ModelChoiceField(label=_("Depends on"), queryset=PlanAction.objects.none(), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=PlanAction.Status.choices, initial=PlanAction.Status.PLANNED)
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100, initial=0)
    version = _versioned()

    def __init__(self, *args, plan: Plan, action: PlanAction | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].queryset = Channel.objects.filter(plan=plan).order_by("order", "id")
        self.fields["owner"].queryset = member_choices(plan.authority_id)
        self.fields["outcome"].queryset = LogicNode.objects.filter(plan=plan, kind__in=LogicNode.OUTCOMES)
        others = PlanAction.objects.filter(plan=plan).order_by("start", "id")
        self.fields["depends_on"].queryset = others.exclude(pk=action.pk) if action else others
        if action is not None:
            self.fields["channel"].disabled = True

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("An action cannot end before it starts."))
        return data

    @staticmethod
    def initial_for(action: PlanAction) -> dict:
        owner = Membership.objects.filter(authority_id=action.authority_id, user_id=action.owner_id).first()
        return {"channel": action.channel_id, "title": action.title, "owner": owner, "start": action.start,
                "end": action.end, "outcome": action.outcome_id, "depends_on": action.depends_on_id,
                "status": action.status, "progress": action.progress, "version": action.version}


class BudgetLineForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    amount = forms.DecimalField(label=_("Amount (ILS)"), max_digits=14, decimal_places=2)
    source = forms.ChoiceField(label=_("Funding source"), choices=BudgetLine.Source.choices)

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount < 0:
            raise forms.ValidationError(_("A budget line cannot be a negative sum."))
        return amount


class InitiativeForm(forms.Form):
    title = forms.CharField(label=_("Initiative"), max_length=200)
    team_name = forms.CharField(label=_("Proposing team"), max_length=150, required=False)
    channel = forms.ModelChoiceField(label=_("Channel"), queryset=Channel.objects.none(), required=False)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].queryset = Channel.objects.filter(plan=plan).order_by("order", "id")


SCORES = [(n, str(n)) for n in range(1, 6)]
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class ScoreForm(forms.Form):
    fit = forms.TypedChoiceField(label=_("Fit with the plan (1–5)"), choices=SCORES, coerce=int)
    impact = forms.TypedChoiceField(label=_("Expected impact (1–5)"), choices=SCORES, coerce=int)
    feasibility = forms.TypedChoiceField(label=_("Feasibility (1–5)"), choices=SCORES, coerce=int)
    selected = forms.ChoiceField(label=_("Selected for support"), choices=YES_NO, widget=forms.RadioSelect)
    connections = forms.BooleanField(label=_("Support: connections"), required=False)
    mentoring = forms.BooleanField(label=_("Support: mentoring"), required=False)
    amount = forms.DecimalField(label=_("Support: money (ILS)"), max_digits=12, decimal_places=2, min_value=0,
                                initial=0)
    version = _versioned()


class DecisionForm(forms.Form):
    continues = forms.ChoiceField(label=_("Continue the initiative into the second year"), choices=YES_NO,
                                  widget=forms.RadioSelect)
    learning = forms.CharField(label=_("Measurement and learning"), required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))
    note = forms.CharField(label=_("Reason for the decision"), widget=forms.Textarea(attrs={"rows": 3}))
    version = _versioned()
