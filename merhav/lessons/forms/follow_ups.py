"""The follow-up form: one row per action of the review (done? did it work? a note), notes, reopened lessons."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from merhav.core.forms import DateField

from ..models import FollowUpItem
from ..services.follow_ups import ItemInput


class LessonCheckboxes(forms.ModelMultipleChoiceField):
    def label_from_instance(self, lesson) -> str:
        return lesson.text


class FollowUpForm(forms.Form):
    held_on = DateField(label=_("Held on"))
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    reopen_lessons = LessonCheckboxes(
        label=_("Reopen lessons"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A lesson whose actions did not solve the problem goes back to work."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, actions, lessons, existing=None, **kwargs):
        """actions: the review's actions; lessons: its lessons; existing: {action_id: FollowUpItem}."""
        super().__init__(*args, **kwargs)
        existing = existing or {}
        self.actions = list(actions)
        self.fields["reopen_lessons"].queryset = lessons
        self.fields["held_on"].initial = timezone.localdate()
        self.rows = []
        for action in self.actions:
            item = existing.get(action.pk)
            done_name, effect_name, note_name = f"done_{action.pk}", f"effect_{action.pk}", f"note_{action.pk}"
            self.fields[done_name] = forms.BooleanField(
                label=_("Done"), required=False,
                initial=item.was_done if item else action.status == action.Status.DONE,
            )
            self.fields[effect_name] = forms.ChoiceField(
                label=_("Did it work?"), choices=FollowUpItem.Effect.choices,
                initial=item.effect if item else FollowUpItem.Effect.UNKNOWN,
            )
            self.fields[note_name] = forms.CharField(
                label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                initial=item.note if item else "",
            )
            self.rows.append({"action": action, "done": self[done_name], "effect": self[effect_name],
                              "note": self[note_name]})

    def items(self) -> dict[int, ItemInput]:
        data = self.cleaned_data
        return {
            action.pk: ItemInput(
                was_done=bool(data.get(f"done_{action.pk}")),
                effect=data.get(f"effect_{action.pk}") or FollowUpItem.Effect.UNKNOWN,
                note=data.get(f"note_{action.pk}", ""),
            )
            for action in self.actions
        }
