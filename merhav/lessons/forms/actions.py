"""Forms of action items. They parse and show input; the rules live in services.actions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from merhav.core.forms import DateField

from ..models import ActionItem, Lesson
from ..selectors import actions as selectors
from .reviews import person_label


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        return person_label(user)  # name · role · department · job title


class LessonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, lesson) -> str:
        text = lesson.text if len(lesson.text) <= 90 else lesson.text[:89] + "…"
        return f"★ {text}" if lesson.is_key else text


class ActionForm(forms.Form):
    """Add or edit an action item of a review."""

    title = forms.CharField(label=_("What has to be done"), max_length=300)
    owner = OwnerChoiceField(
        label=_("Owner"),
        queryset=None,
        required=False,
        empty_label=_("Choose a person"),
        help_text=_("A person who answers for the action. Leave empty when a department owns it."),
        error_messages={"invalid_choice": _("The owner must be an active member of this authority.")},
    )
    owner_department = forms.ModelChoiceField(
        label=_("Owning department"),
        queryset=None,
        required=False,
        empty_label=_("No department"),
        help_text=_("When a department owns the action, its head is accountable."),
        error_messages={"invalid_choice": _("The department must be an active department of this authority.")},
    )
    due_date = DateField(label=_("Due date"))
    lesson = LessonChoiceField(
        label=_("The lesson it answers"),
        queryset=None,
        required=False,
        empty_label=_("No lesson chosen"),
        error_messages={"invalid_choice": _("Choose a lesson of this review.")},
    )
    description = forms.CharField(label=_("Details"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review
        self.fields["owner"].queryset = selectors.possible_owners(review.authority_id)
        self.fields["owner_department"].queryset = selectors.possible_departments(review.authority_id)
        self.fields["lesson"].queryset = Lesson.objects.filter(authority_id=review.authority_id, review=review)

    def clean(self):
        data = super().clean()
        if not data.get("owner") and not data.get("owner_department") and "owner" not in self.errors:
            self.add_error("owner", _("Choose an owner: a person, or a department whose head is accountable."))
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionItem.Status.choices)
    evidence = forms.CharField(
        label=_("Evidence of completion"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required when marking the action done: what was delivered, where it can be seen."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("status") == ActionItem.Status.DONE and not (data.get("evidence") or "").strip():
            self.add_error("evidence", _("Describe the evidence that the action was done."))
        return data


class ActionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            (selectors.STATUS_FILTER_ACTIVE, _("Open or in progress")),
            (selectors.STATUS_FILTER_ALL, _("All")),
            *ActionItem.Status.choices,
        ],
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def filters(self) -> dict:
        if not self.is_valid():
            return {"status": selectors.STATUS_FILTER_ACTIVE, "overdue": False}
        return {
            "status": self.cleaned_data.get("status") or selectors.STATUS_FILTER_ACTIVE,
            "overdue": bool(self.cleaned_data.get("overdue")),
        }
