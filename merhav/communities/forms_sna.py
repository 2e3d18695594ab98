"""Input of the social network analysis pages: a roster survey, and a member's answer to one."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from merhav.core.forms import DateField

from .models import CommunityMember, RosterSurvey, RosterTie
from .services.sna import NamedTie

FREQUENCY = re.compile(r"^freq_(\d+)$")


class RosterSurveyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    round = forms.TypedChoiceField(label=_("Point in time"), choices=RosterSurvey.Round.choices, coerce=int,
                                   help_text=_("Time 1 near the start of the community, time 2 about a year later."))
    opens_on = DateField(label=_("Opens on"))
    closes_on = DateField(label=_("Closes on"))


class RosterAnswerForm(forms.Form):
    """For each other member: how often the person exchanged professional knowledge with them (empty: not
    at all) and about what. The ties are read from everything sent, so that a forged name (oneself, a
    non-member) reaches the service and is refused there with a clear message."""

    def __init__(self, data=None, *, people: list[CommunityMember], me: int | None) -> None:
        super().__init__(data)
        self.people = [m for m in people if m.pk != me]
        choices = [("", _("No exchange")), *RosterTie.Frequency.choices]
        for m in self.people:
            self.fields[f"freq_{m.pk}"] = forms.ChoiceField(label=m.user.full_name, choices=choices, required=False)
            self.fields[f"topic_{m.pk}"] = forms.CharField(label=_("About what"), max_length=200, required=False)

    def rows(self) -> list[tuple[CommunityMember, forms.BoundField, forms.BoundField]]:
        return [(m, self[f"freq_{m.pk}"], self[f"topic_{m.pk}"]) for m in self.people]

    def ties(self) -> list[NamedTie]:
        ties = []
        for key, value in self.data.items():
            match = FREQUENCY.match(key)
            if not match or not value:
                continue
            frequency = int(value) if str(value).isdigit() else 0
            member_id = int(match.group(1))
            ties.append(NamedTie(alter_id=member_id, frequency=frequency,
                                 topic=str(self.data.get(f"topic_{member_id}", ""))[:200]))
        return ties
