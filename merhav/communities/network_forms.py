"""Input of the knowledge network's pages. The forms check what a person typed; the services check the
rules again (nothing is stored half-way)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from merhav.core.forms import DateField

SCALE = [(n, str(n)) for n in range(1, 6)]


class WaveForm(forms.Form):
    opens_on = DateField(label=_("Joining date"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class JoinForm(forms.Form):
    expertise = forms.CharField(label=_("Your fields of knowledge and experience"), max_length=2000,
                                widget=forms.Textarea(attrs={"rows": 3}))
    interests = forms.CharField(label=_("What would you like to learn in the network?"), max_length=2000,
                                widget=forms.Textarea(attrs={"rows": 3}))
    contribution = forms.CharField(label=_("What can you share with the network?"), max_length=2000, required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}))
    online_ready = forms.BooleanField(label=_("I can take part in the monthly online talks"), required=False,
                                      initial=True)


class ThreadForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Message"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5}))


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Your reply"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4}))


class TalkForm(forms.Form):
    topic = forms.CharField(label=_("Topic"), max_length=200)
    speaker = forms.CharField(label=_("Speaker"), max_length=200, required=False)
    day = DateField(label=_("Date"))
    time = forms.TimeField(label=_("Time"), help_text=_("For example: 18:30"),
                           error_messages={"invalid": _("Enter a time like 18:30.")})
    link = forms.URLField(label=_("Link to the online meeting"), max_length=500, assume_scheme="https",
                          help_text=_("The Zoom or Teams address, starting with https://"))
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def starts_at(self):
        import datetime as dt

        data = self.cleaned_data
        return timezone.make_aware(dt.datetime.combine(data["day"], data["time"]))


class NewsletterForm(forms.Form):
    period_start = DateField(label=_("From"))
    period_end = DateField(label=_("Until"))
    title = forms.CharField(label=_("Title"), max_length=200, required=False,
                            help_text=_("Left empty: the newsletter is named after its period."))
    intro = forms.CharField(label=_("Opening words"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class PulseForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(label=_("Quarter"), coerce=int, choices=[(q, str(q)) for q in range(1, 5)])
    question = forms.CharField(label=_("The question (answered 1 to 5)"), max_length=300)


class PulseAnswerForm(forms.Form):
    value = forms.TypedChoiceField(label=_("Your answer (1: not at all, 5: very much)"), coerce=int, choices=SCALE,
                                   widget=forms.RadioSelect)


class EvaluationSurveyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, help_text=_("For example: end of year A"))


class EvaluationAnswerForm(forms.Form):
    meetings_satisfaction = forms.TypedChoiceField(
        label=_("How satisfied are you with the meetings? (1: not at all, 5: very much)"), coerce=int,
        choices=SCALE, widget=forms.RadioSelect)
    ongoing_contact = forms.BooleanField(label=_("I am in ongoing contact with other members to consult them"),
                                         required=False)
    adopted_tool = forms.BooleanField(label=_("I adopted, or plan to adopt, a tool or idea I learned here"),
                                      required=False)
    shared_with_manager = forms.BooleanField(label=_("I shared knowledge or an idea from here with my managers"),
                                             required=False)
    comment = forms.CharField(label=_("Anything to add?"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 3}))
