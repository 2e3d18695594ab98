"""Forms of events, reviews, their sections, comments and lessons. They validate input for the pages;
the services check the rules again (the API calls the services directly)."""

from __future__ import annotations

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from merhav.core.forms import DateField

from .. import guides
from ..models import Event, EventKind, Lesson, Review
from ..selectors import reviews as selectors
from ..services.lessons import parse_tags


def _date_field(label, *, required=True, help_text=""):
    return DateField(label=label, required=required, help_text=help_text)


def person_label(user) -> str:
    """A member as the pickers show them: the name, then role and department (and job title), so that the
    right person is found among a few hundred (selectors.reviews.member_users annotates them)."""
    return " · ".join(part for part in (user.full_name or user.email, *selectors.member_details(user)) if part)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return person_label(obj)


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return person_label(obj)


class GuestsField(forms.CharField):
    """Participants who are not users, one a line: "name – role" (or "name, role")."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value):
        guests = []
        for line in (super().to_python(value) or "").splitlines():
            line = line.strip()
            if not line:
                continue
            for separator in (" – ", " - ", ",", "–"):
                if separator in line:
                    name, role = line.split(separator, 1)
                    break
            else:
                name, role = line, ""
            guests.append((name.strip()[:150], role.strip()[:200]))
        return guests

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(f"{name} – {role}" if role else name for name, role in value)
        return value


class DepartmentsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class DepartmentField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


# --- Filters ---------------------------------------------------------------------------------------------


def _kind_choices():
    return [("", _("All kinds"))] + list(EventKind.choices)


class ReviewFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search"}))
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All statuses"))] + list(Review.Status.choices))
    kind = forms.ChoiceField(label=_("Event kind"), required=False, choices=_kind_choices)
    date_from = _date_field(_("Meeting from"), required=False)
    date_to = _date_field(_("Meeting until"), required=False)


class EventFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search"}))
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=_kind_choices)
    date_from = _date_field(_("From"), required=False)
    date_to = _date_field(_("Until"), required=False)


# --- Events ----------------------------------------------------------------------------------------------


class EventForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200,
                            help_text=_("One concrete event or process, e.g. “Power cut in the Ein Or neighbourhood”."))
    kind = forms.ChoiceField(label=_("Kind of event"), choices=[("", "—")] + list(EventKind.choices))
    starts_on = _date_field(_("Start date"))
    ends_on = _date_field(
        _("End date"), required=False,
        help_text=_("When the event, or its significant stage, ended. The review is proposed 2–3 days later."),
    )
    departments = DepartmentsField(
        label=_("Departments involved"), required=False, queryset=None, widget=forms.CheckboxSelectMultiple
    )
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, authority, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departments"].queryset = selectors.active_departments(authority)

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end date cannot be before the start date."))
        return data

    @staticmethod
    def initial_for(event: Event) -> dict:
        return {
            "title": event.title, "kind": event.kind, "starts_on": event.starts_on, "ends_on": event.ends_on,
            "departments": list(event.departments.all()), "description": event.description, "version": event.version,
        }


# --- Reviews ---------------------------------------------------------------------------------------------


class RecentEventsIterator(ModelChoiceIterator):
    """The latest events (an authority may have thousands), plus the chosen one if it is older."""

    LIMIT = 200

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        shown = set()
        for obj in self.queryset[: self.LIMIT]:
            shown.add(obj.pk)
            yield self.choice(obj)
        chosen = getattr(self.field, "chosen", None)
        if chosen is not None and chosen.pk not in shown:
            yield self.choice(chosen)


class EventChoiceField(forms.ModelChoiceField):
    iterator = RecentEventsIterator

    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.starts_on:%d.%m.%Y})"


class ReviewForm(forms.Form):
    event = EventChoiceField(
        label=_("Event"),
        queryset=None,
        empty_label=_("Choose the event"),
        error_messages={
            "required": _("Choose the event this review is about: a review always learns from one concrete event."),
            "invalid_choice": _("Choose an event of this authority."),
        },
    )
    title = forms.CharField(label=_("Title"), max_length=200, required=False,
                            help_text=_("Leave empty to use the event's title."))
    meeting_date = _date_field(
        _("Meeting date"),
        help_text=_("A short meeting 2–3 days after the event or a significant stage ended. Another date is "
                    "allowed, with a warning."),
    )
    meeting_time = forms.TimeField(
        label=_("Meeting time"), required=False, input_formats=["%H:%M", "%H.%M", "%H%M"],
        widget=forms.TimeInput(format="%H:%M", attrs={"size": "5", "autocomplete": "off", "spellcheck": "false"}),
        help_text=_("Format: hh:mm (24 hours), e.g. 10:00. The invitation is a one-hour meeting."),
        error_messages={"invalid": _("Enter the time as hh:mm, e.g. 10:00.")},
    )
    meeting_place = forms.CharField(label=_("Meeting place"), max_length=200, required=False,
                                    help_text=_("A room, an address, or a video call link."))
    facilitator = PersonChoiceField(
        label=_("Facilitator"), queryset=None, required=False, empty_label=_("No facilitator yet"),
        help_text=_("Runs the meeting: states its purpose (learning, not blame), keeps the safe space and the "
                    "five questions, makes sure everyone is heard, and sees that each lesson gets an action with "
                    "an owner and a date."),
    )
    participants = PeopleChoiceField(
        label=_("Participants"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "people-picker"}),
        help_text=_("4–8 role-holders: who was there, who decided, who was in the field. Each gets a "
                    "notification, an email and a calendar invitation; someone removed gets its cancellation."),
    )
    guests = GuestsField(
        label=_("Participants without an account"), required=False,
        help_text=_("A hotline contractor, a residents' representative, someone from another body: one a line, "
                    "name – role. They are listed on the review; the system sends them nothing."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, authority, review: Review | None = None, chosen_event: Event | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if review is not None:
            del self.fields["event"]  # a review stays with its event
        else:
            self.fields["event"].queryset = Event.objects.filter(authority=authority).order_by("-starts_on", "-id")
            self.fields["event"].chosen = chosen_event
        people = selectors.member_users(authority)
        self.fields["facilitator"].queryset = people
        self.fields["participants"].queryset = people

    @staticmethod
    def initial_for(review: Review) -> dict:
        return {
            "title": review.title, "meeting_date": review.meeting_date, "meeting_time": review.meeting_time,
            "meeting_place": review.meeting_place, "facilitator": review.facilitator,
            "participants": list(review.participants.all()), "version": review.version,
            "guests": [(guest.name, guest.role) for guest in review.guests.all()],
        }


class HeldForm(forms.Form):
    """The day the review meeting actually took place: today by default, never in the future."""

    held_on = _date_field(_("Held on"), required=False, help_text=_("The day the meeting took place (empty: today)."))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_held_%s")
        super().__init__(*args, **kwargs)


class SectionForm(forms.Form):
    """One of the five answers. `version` is the section's version the editor started from."""

    text = forms.CharField(label=_("Answer"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, question: int, **kwargs):
        kwargs.setdefault("auto_id", f"id_q{question}_%s")
        super().__init__(*args, **kwargs)
        self.question = question
        guide = next(g for g in guides.guide_for(None) if g.question == question)
        self.fields["text"].label = guide.label
        self.fields["text"].widget.attrs["aria-describedby"] = f"prompts-q{question}"


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Add a comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, question: int, **kwargs):
        kwargs.setdefault("auto_id", f"id_c{question}_%s")
        super().__init__(*args, **kwargs)


class LessonForm(forms.Form):
    text = forms.CharField(
        label=_("Lesson"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A general insight that arises from the gap, phrased so that it can guide action."),
    )
    tags = forms.CharField(label=_("Tags"), required=False, max_length=500,
                           help_text=_("Separated by commas, e.g. hotline, sealed messages."))
    department = DepartmentField(label=_("Department"), required=False, queryset=None,
                                 empty_label=_("No department"))
    level = forms.ChoiceField(label=_("Level"), choices=Lesson.Level.choices, initial=Lesson.Level.LOCAL,
                              widget=forms.RadioSelect)
    is_key = forms.BooleanField(
        label=_("Key lesson"), required=False,
        help_text=_("One of the review's up to three key, system-level lessons."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, authority, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = selectors.active_departments(authority)

    def clean_tags(self):
        return parse_tags(self.cleaned_data.get("tags"))

    def clean(self):
        data = super().clean()
        if data.get("is_key") and data.get("level") == Lesson.Level.LOCAL:
            self.add_error("is_key", _("A key lesson is a system-level lesson: set the level to system-level first."))
        return data

    @staticmethod
    def initial_for(lesson: Lesson) -> dict:
        return {
            "text": lesson.text, "tags": ", ".join(lesson.tags or []), "department": lesson.department,
            "level": lesson.level, "is_key": lesson.is_key, "version": lesson.version,
        }
