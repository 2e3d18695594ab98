"""Input of the emergency pages. The forms validate what a person typed; the services check the rules
again (the API calls them directly)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from merhav.tenancy.models import Membership

from .models import (
    AnswerStatus,
    Channel,
    ChecklistStage,
    CycleStage,
    EmergencyKind,
    LogEntry,
    MessageLanguage,
    Scenario,
)
from .services.messages import placeholders


class DeclareForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of emergency"), choices=[("", "—"), *EmergencyKind.choices])
    title = forms.CharField(label=_("Title"), max_length=200)
    neighbourhoods = forms.CharField(
        label=_("Affected neighbourhoods"), max_length=500, required=False,
        help_text=_("Separate neighbourhoods with commas."),
    )
    description = forms.CharField(label=_("What is known"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class LogEntryForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of entry"), initial=LogEntry.Kind.ENTRY,
        choices=[(k, label) for k, label in LogEntry.Kind.choices if k != LogEntry.Kind.SYSTEM],
    )
    text = forms.CharField(label=_("What happened, was decided or was reported"), max_length=10000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class EndForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class MessageForm(forms.Form):
    scenario = forms.ChoiceField(label=_("Scenario"), choices=[("", "—"), *Scenario.choices])
    channel = forms.ChoiceField(label=_("Channel"), choices=[("", "—"), *Channel.choices])
    language = forms.ChoiceField(label=_("Language of the message"), choices=[("", "—"), *MessageLanguage.choices])
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Message text"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
        help_text=_("Placeholders in braces are filled when the message is issued, e.g. {neighbourhood}, {time}, "
                    "{instructions}."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    @staticmethod
    def initial_for(message) -> dict:
        return {name: getattr(message, name) for name in ("scenario", "channel", "language", "title", "body", "version")}


class MessageFilterForm(forms.Form):
    scenario = forms.ChoiceField(label=_("Scenario"), required=False, choices=[("", _("All scenarios")), *Scenario.choices])
    language = forms.ChoiceField(label=_("Language of the message"), required=False,
                                 choices=[("", _("All languages")), *MessageLanguage.choices])


class IssueForm(forms.Form):
    """One required field per placeholder of the message's text."""

    def __init__(self, *args, message, **kwargs):
        super().__init__(*args, **kwargs)
        self.names = placeholders(message.body)
        for name in self.names:
            self.fields[f"value_{name}"] = forms.CharField(
                label=PLACEHOLDER_LABELS.get(name, name), max_length=500,
                help_text=_("Fills {%(name)s} in the message.") % {"name": name},
                widget=forms.TextInput(attrs={"dir": "auto"}),
            )

    def values(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(f"value_{name}", "") for name in self.names}


PLACEHOLDER_LABELS = {
    "neighbourhood": _("Neighbourhood"),
    "time": _("Time"),
    "instructions": _("Instructions"),
    "street": _("Street"),
    "place": _("Place"),
    "phone": _("Phone number"),
}


class WebhookForm(forms.Form):
    name = forms.CharField(label=_("Name of the receiving system"), max_length=100)
    url = forms.CharField(label=_("Address (URL)"), max_length=500, widget=forms.URLInput(attrs={"dir": "ltr"}))


class QuestionForm(forms.Form):
    stage = forms.TypedChoiceField(label=_("Stage"), coerce=int, choices=ChecklistStage.choices)
    topic_he = forms.CharField(label=_("Topic (Hebrew)"), max_length=200, widget=forms.TextInput(attrs={"lang": "he", "dir": "rtl"}))
    topic_ar = forms.CharField(label=_("Topic (Arabic)"), max_length=200, widget=forms.TextInput(attrs={"lang": "ar", "dir": "rtl"}))
    topic_en = forms.CharField(label=_("Topic (English)"), max_length=200, widget=forms.TextInput(attrs={"lang": "en", "dir": "ltr"}))
    text_he = forms.CharField(label=_("Question (Hebrew)"), widget=forms.Textarea(attrs={"rows": 2, "lang": "he", "dir": "rtl"}))
    text_ar = forms.CharField(label=_("Question (Arabic)"), widget=forms.Textarea(attrs={"rows": 2, "lang": "ar", "dir": "rtl"}))
    text_en = forms.CharField(label=_("Question (English)"), widget=forms.Textarea(attrs={"rows": 2, "lang": "en", "dir": "ltr"}))
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    TEXTS = ("topic_he", "topic_ar", "topic_en", "text_he", "text_ar", "text_en")

    @staticmethod
    def initial_for(question) -> dict:
        return {name: getattr(question, name) for name in
                ("stage", "topic_he", "topic_ar", "topic_en", "text_he", "text_ar", "text_en", "is_active", "version")}

    def texts(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in self.TEXTS}


class RunForm(forms.Form):
    programme = forms.CharField(label=_("Programme"), max_length=200, initial=_("STEM ecosystem"))


class InitiativeForm(forms.Form):
    title = forms.CharField(label=_("Initiative"), max_length=200)


class InitiativeEditForm(forms.Form):
    title = forms.CharField(label=_("Initiative"), max_length=200)
    cycle_stage = forms.ChoiceField(label=_("Stage of the cycle"), choices=CycleStage.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class MemberChoiceField(forms.ModelChoiceField):
    """A person picker: the name with the role and the department beside it."""

    def label_from_instance(self, membership: Membership) -> str:
        parts = [membership.user.full_name or membership.user.email, str(membership.get_role_display())]
        if membership.department_id:
            parts.append(membership.department.name)
        return " · ".join(parts)


class AnswerForm(forms.Form):
    status = forms.ChoiceField(label=_("Answer"), choices=AnswerStatus.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    owner = MemberChoiceField(label=_("Owner"), queryset=Membership.objects.none(), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = memberships
