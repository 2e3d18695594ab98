"""Forms of the oversight pages (the dashboard's and the recurring report's filters) and of the shared
library (propose an anonymised lesson, decide on it, search, adopt)."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from merhav.core.forms import DateField
from merhav.tenancy.models import Department

from ..models import EventKind, Review, SharedLesson
from ..selectors.oversight import OversightFilters
from ..services.lessons import parse_tags

PERIOD_CHOICES = [
    ("", _("All time")),
    ("30", _("The last 30 days")),
    ("90", _("The last 90 days")),
    ("365", _("The last year")),
]


class DepartmentField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class OversightFilterForm(forms.Form):
    """Which events the figures cover: by period (a recent span or dates), department and kind."""

    period = forms.ChoiceField(label=_("Period"), required=False, choices=PERIOD_CHOICES)
    date_from = DateField(label=_("Events from"), required=False)
    date_to = DateField(label=_("Events until"), required=False)
    department = DepartmentField(label=_("Department"), required=False, queryset=Department.objects.none(),
                                 empty_label=_("All departments"))
    kind = forms.ChoiceField(label=_("Event kind"), required=False,
                             choices=[("", _("All kinds"))] + list(EventKind.choices))

    def __init__(self, *args, authority, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(authority=authority).order_by(
            "-is_active", "kind", "custom_name"
        )

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end of the period is before its start."))
        return data

    def filters(self) -> OversightFilters:
        """The filters of a valid form (none when the form is not bound or not valid)."""
        if not self.is_bound or not self.is_valid():
            return OversightFilters()
        data = self.cleaned_data
        date_from = data.get("date_from")
        if data.get("period") and not date_from:
            date_from = timezone.localdate() - timedelta(days=int(data["period"]))
        department = data.get("department")
        return OversightFilters(
            date_from=date_from, date_to=data.get("date_to"),
            department_id=department.pk if department else None, kind=data.get("kind") or "",
        )


# --- The shared library ------------------------------------------------------------------------------------


class ShareLessonForm(forms.Form):
    """The author's anonymised copy of a lesson, prefilled with the lesson's text."""

    text = forms.CharField(
        label=_("The lesson, anonymised"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
        help_text=_("Remove names of people, phone numbers, addresses and any other personal detail. "
                    "Other authorities will read this text."),
    )
    context = forms.CharField(
        label=_("Context"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text=_("What happened, in general terms, so that another authority can judge whether the lesson "
                    "fits them. No names or personal details."),
    )
    event_kind = forms.ChoiceField(label=_("Kind of event"), choices=EventKind.choices)
    tags = forms.CharField(label=_("Tags"), required=False, max_length=500,
                           help_text=_("Separated by commas, e.g. hotline, sealed messages."))
    confirm = forms.BooleanField(
        label=_("I removed names and personal details from the text and the context."),
        error_messages={"required": _("Confirm that the text has no names or personal details.")},
    )

    def clean_tags(self):
        return parse_tags(self.cleaned_data.get("tags"))


class DecideSharedLessonForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))], widget=forms.HiddenInput)


class LibrarySearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search", "dir": "auto"}))
    kind = forms.ChoiceField(label=_("Event kind"), required=False,
                             choices=[("", _("All kinds"))] + list(EventKind.choices))
    tag = forms.CharField(label=_("Tag"), required=False, max_length=50, widget=forms.TextInput(attrs={"dir": "auto"}))


class ReviewChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        day = obj.meeting_date.strftime("%d.%m.%Y") if obj.meeting_date else ""
        return f"{obj.title} ({day})" if day else obj.title


class AdoptLessonForm(forms.Form):
    """Adopt a shared lesson into one of the authority's open reviews, as a lesson of that review."""

    review = ReviewChoiceField(label=_("Into the review"), queryset=Review.objects.none(), empty_label="—",
                               help_text=_("The adopted lesson is added to this review; edit it there to fit "
                                           "your authority."))
    text = forms.CharField(label=_("The lesson"), max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}))

    def __init__(self, *args, reviews, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["review"].queryset = reviews

    def clean_review(self):
        review = self.cleaned_data["review"]
        if review.is_locked:
            raise ValidationError(_("This review is completed: reopen it first, or choose another review."))
        return review


class SharedLessonStatusFilter(forms.Form):
    status = forms.ChoiceField(required=False, choices=[("", _("All"))] + list(SharedLesson.Status.choices))
