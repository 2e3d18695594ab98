"""Input of the learning communities pages. The forms validate what a person typed; the services check
the rules again (the API calls them directly)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from merhav.core.forms import DateField
from merhav.tenancy.models import Authority, StandardDepartment

from .models import (
    PLANNING_FIELDS,
    QUALITY_CRITERIA,
    CommitteeMeeting,
    Community,
    CommunityMember,
    KnowledgeProduct,
    Meeting,
    MixTarget,
    ProgrammeRole,
    StatusCheck,
    TeamMember,
)

SCORES = [(n, str(n)) for n in range(1, 6)]


def authority_field(*, required: bool = True, label=None) -> forms.ModelChoiceField:
    # Authorities are public names (the national list), not any authority's data.
    return forms.ModelChoiceField(label=label or _("Authority"), required=required,
                                  queryset=Authority.objects.filter(is_active=True).order_by("name_he"))


class VersionedForm(forms.Form):
    # The version the person started from: a stale one shows the conflict screen instead of overwriting.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ProgrammeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ProgrammeRoleForm(forms.Form):
    email = forms.EmailField(label=_("Email address of the person"),
                             help_text=_("The person must already have an account in Merhav."))
    role = forms.ChoiceField(label=_("Role"), choices=ProgrammeRole.Role.choices)


class CommitteeMeetingForm(forms.Form):
    committee = forms.ChoiceField(label=_("Committee"), choices=CommitteeMeeting.Committee.choices)
    held_on = DateField(label=_("Date"))
    agenda = forms.CharField(label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("For example: the work plan, the budget, the logic model and measurement."))
    summary = forms.CharField(label=_("Decisions and summary"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CommunityForm(VersionedForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    shared_role = forms.CharField(label=_("Shared role of the members"), max_length=200,
                                  help_text=_("For example: heads of education departments."))
    department_kind = forms.ChoiceField(label=_("Department"), choices=StandardDepartment.choices,
                                        initial=StandardDepartment.EDUCATION)
    stage = forms.ChoiceField(label=_("Stage of the life cycle"), choices=Community.Stage.choices)
    finish_line = DateField(label=_("Common finish line of the work teams"), required=False)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    wartime = forms.BooleanField(label=_("Wartime mode"), required=False)

    @staticmethod
    def initial_for(community: Community) -> dict:
        return {name: getattr(community, name) for name in (
            "name", "shared_role", "department_kind", "stage", "finish_line", "description", "wartime", "version")}


class MemberForm(forms.Form):
    email = forms.EmailField(label=_("Email address of the person"),
                             help_text=_("The person must already have an account in Merhav."))
    authority = authority_field(required=False, label=_("The authority they come from"))
    role = forms.ChoiceField(label=_("Role in the community"), choices=CommunityMember.Role.choices,
                             initial=CommunityMember.Role.CORE)
    job_title = forms.CharField(label=_("Job title"), max_length=150, required=False)


class CallForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Text of the call"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    closes_on = DateField(label=_("Closes on"), required=False)


class MixTargetForm(forms.Form):
    dimension = forms.ChoiceField(label=_("Dimension"), choices=MixTarget.Dimension.choices)
    value = forms.CharField(label=_("Value"), max_length=30,
                            help_text=_("For example: female, arab, north, regional_council, 0-3."))
    target = forms.IntegerField(label=_("Target number of members"), min_value=0, max_value=1000)


class ApplicationForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("Email address"))
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    authority = authority_field()
    job_title = forms.CharField(label=_("Job title"), max_length=150)
    gender = forms.ChoiceField(label=_("Gender"), choices=CommunityMember.Gender.choices)
    sector = forms.ChoiceField(label=_("Sector"), choices=CommunityMember.Sector.choices)
    seniority_years = forms.IntegerField(label=_("Years in the role"), min_value=0, max_value=60)
    motivation = forms.CharField(label=_("Why do you want to join?"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 4}))


class InterviewForm(VersionedForm):
    day = DateField(label=_("Interview date"))
    time = forms.TimeField(label=_("Time"), help_text=_("As hh:mm, e.g. 10:30."), input_formats=["%H:%M"])
    notes = forms.CharField(label=_("Interview notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class DecisionForm(VersionedForm):
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect,
                                 choices=[("accept", _("Accept")), ("decline", _("Decline"))])
    message = forms.CharField(label=_("Message to the applicant"), widget=forms.Textarea(attrs={"rows": 4}))


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), max_length=300)


class TopicForm(forms.Form):
    title = forms.CharField(label=_("Proposed topic"), max_length=200)


class RankingForm(forms.Form):
    """One 1–5 score for each proposed topic."""

    def __init__(self, *args, topics=(), **kwargs):
        super().__init__(*args, **kwargs)
        for topic in topics:
            self.fields[f"topic_{topic.pk}"] = forms.TypedChoiceField(
                label=topic.title, choices=[("", "—"), *SCORES], coerce=int, required=False, empty_value=None,
                help_text=_("1: not important to me, 5: very important."))

    def scores(self) -> dict[int, int]:
        return {int(name.removeprefix("topic_")): value for name, value in self.cleaned_data.items() if value}


class MeetingForm(VersionedForm):
    title = forms.CharField(label=_("Topic of the meeting"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Meeting.Kind.choices)
    number = forms.IntegerField(label=_("Number in the year"), required=False, min_value=1, max_value=99)
    starts_on = DateField(label=_("Date"))
    ends_on = DateField(label=_("Last day (a two-day seminar)"), required=False)
    host_authority = authority_field(required=False, label=_("Hosting authority"))
    host_name = forms.CharField(label=_("Host (when not an authority)"), max_length=150, required=False)
    online = forms.BooleanField(label=_("Online (Zoom)"), required=False)
    goals_professional = forms.CharField(label=_("Professional goals"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    goals_community = forms.CharField(label=_("Community goals"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    desired_output = forms.CharField(label=_("Desired product of the meeting"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    opening = forms.CharField(label=_("Part A: opening the day"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    professional_content = forms.CharField(label=_("Part B: professional content"), required=False,
                                           widget=forms.Textarea(attrs={"rows": 3}))
    product_lab = forms.CharField(label=_("Part C: the product lab"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    schedule = forms.CharField(label=_("Schedule"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    logistics = forms.CharField(label=_("Logistics"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    roles = forms.CharField(label=_("Roles (production, knowledge lead, partners)"), required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))
    summary = forms.CharField(label=_("Summary (after the meeting)"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    knowledge_produced = forms.CharField(label=_("Knowledge produced"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    @staticmethod
    def initial_for(meeting: Meeting) -> dict:
        names = ("title", "kind", "number", "starts_on", "ends_on", "host_authority", "host_name", "online",
                 "summary", "knowledge_produced", "version", *PLANNING_FIELDS)
        return {name: getattr(meeting, name) for name in names}

    def planning(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name, "") for name in PLANNING_FIELDS}


class AttendanceForm(forms.Form):
    present = forms.TypedMultipleChoiceField(label=_("Present"), coerce=int, required=False,
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = list(members)


class SurveyForm(forms.Form):
    overall = forms.TypedChoiceField(label=_("How satisfied are you with the meeting?"), choices=SCORES, coerce=int,
                                     widget=forms.RadioSelect, help_text=_("1: not at all, 5: very much."))
    content = forms.TypedChoiceField(label=_("How useful was the content for your work?"), choices=SCORES,
                                     coerce=int, widget=forms.RadioSelect, help_text=_("1: not at all, 5: very much."))
    comment = forms.CharField(label=_("Anything to add?"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Name of the team"), max_length=150)
    topic = forms.CharField(label=_("Topic"), max_length=200, required=False)
    budget = forms.DecimalField(label=_("Budget (NIS)"), min_value=0, max_digits=10, decimal_places=0, initial=0)
    finish_line = DateField(label=_("Finish line"), required=False,
                            help_text=_("Empty: the community's common finish line."))

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.member_fields = []
        for member_id, label in members:
            name = f"member_{member_id}"
            self.fields[name] = forms.ChoiceField(label=label, required=False,
                                                  choices=[("", _("Not on the team")), *TeamMember.Role.choices])
            self.member_fields.append(name)

    def members(self) -> dict[int, str]:
        return {int(name.removeprefix("member_")): self.cleaned_data[name]
                for name in self.member_fields if self.cleaned_data.get(name)}


class ProductForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=KnowledgeProduct.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    link = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https",
                          help_text=_("Where the product is: a video, a drive, a padlet…"))


class ReviewForm(VersionedForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in QUALITY_CRITERIA:
            self.fields[name] = forms.BooleanField(label=KnowledgeProduct._meta.get_field(name).verbose_name,
                                                   required=False)


class LibrarySearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *KnowledgeProduct.Kind.choices])


class StatusCallForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=StatusCheck.Outcome.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
