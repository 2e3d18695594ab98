"""Input of the intake pages. Each field of personal data says why it is asked (its help text: the
purpose, as the Privacy Protection Law asks). The form validates what a person typed; the services check
the rules again (the API calls them directly)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from merhav.core.forms import DateField
from merhav.tenancy.models import Department

from . import answers as answer_kinds
from .models import Household, LongTermService, Person, SectionField, SectionKey, ServiceKind

Kind = SectionField.Kind


class HouseholdForm(forms.Form):
    origin_locality = forms.CharField(
        label=_("Origin locality"), max_length=150,
        help_text=_("Purpose: to plan services with the locality the family came from and to know when they "
                    "can return."))
    accommodation = forms.ChoiceField(
        label=_("Current accommodation"), choices=Household.Accommodation.choices,
        help_text=_("Purpose: to reach the family and to plan transport and housing."))
    accommodation_details = forms.CharField(
        label=_("Accommodation details"), max_length=250, required=False,
        help_text=_("The hotel's name or the address. Purpose: to reach the family."))
    phone = forms.CharField(label=_("Contact phone"), max_length=30, required=False,
                            help_text=_("Purpose: to reach the family."))
    email = forms.EmailField(label=_("Contact email"), required=False, help_text=_("Purpose: to reach the family."))
    needs = forms.CharField(
        label=_("Immediate needs"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Purpose: to answer what the family needs now. Write only what is needed for that."))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    @staticmethod
    def initial_for(household: Household) -> dict:
        return {name: getattr(household, name) for name in (
            "origin_locality", "accommodation", "accommodation_details", "phone", "email", "needs", "version")}

    def household_values(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in (
            "origin_locality", "accommodation", "accommodation_details", "phone", "email", "needs")}


class PersonForm(forms.Form):
    id_number = forms.CharField(
        label=_("ID number"), max_length=12, required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("Nine digits, the last a check digit. Purpose: to identify the person once across all "
                    "departments."))
    first_name = forms.CharField(label=_("First name"), max_length=100,
                                 widget=forms.TextInput(attrs={"autocomplete": "off", "dir": "auto"}),
                                 help_text=_("Purpose: to identify the person."))
    last_name = forms.CharField(label=_("Last name"), max_length=100,
                                widget=forms.TextInput(attrs={"autocomplete": "off", "dir": "auto"}),
                                help_text=_("Purpose: to identify the person."))
    birth_date = DateField(label=_("Birth date"), required=False,
                           help_text=_("Purpose: to place children in school and to find duplicate records."))
    relation = forms.ChoiceField(label=_("Relation"), choices=Person.Relation.choices,
                                 help_text=_("Purpose: to know who is the family's contact."))
    person_phone = forms.CharField(label=_("Phone"), max_length=30, required=False,
                                   help_text=_("Purpose: to reach the person."))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    @staticmethod
    def initial_for(person: Person) -> dict:
        return {"id_number": person.id_number, "first_name": person.first_name, "last_name": person.last_name,
                "birth_date": person.birth_date, "relation": person.relation, "person_phone": person.phone,
                "version": person.version}

    def person_values(self) -> dict:
        data = self.cleaned_data
        return {"id_number": data.get("id_number"), "first_name": data.get("first_name"),
                "last_name": data.get("last_name"), "birth_date": data.get("birth_date"),
                "relation": data.get("relation"), "phone": data.get("person_phone")}


class TakeInForm(PersonForm, HouseholdForm):
    """The core of the questionnaire, asked once: the household and its contact person."""

    field_order = ["id_number", "first_name", "last_name", "birth_date", "relation", "person_phone",
                   "origin_locality", "accommodation", "accommodation_details", "phone", "email", "needs"]


# Errors of a service named by the model's field, shown beside the form's field.
PERSON_ERROR_FIELDS = {"phone": "person_phone"}


def section_form_class(fields: list[SectionField]) -> type[forms.Form]:
    """A form of one section's current questions."""
    attrs: dict[str, forms.Field] = {}
    for f in fields:
        common = {"label": f.label, "required": f.required,
                  "help_text": " ".join(t for t in (f.help_text, str(_("Purpose:")) + " " + f.purpose) if t)}
        if f.kind == Kind.TEXT:
            attrs[f.key] = forms.CharField(max_length=2000, widget=forms.TextInput(attrs={"dir": "auto"}), **common)
        elif f.kind == Kind.NUMBER:
            attrs[f.key] = forms.DecimalField(max_digits=14, decimal_places=2, **common)
        elif f.kind == Kind.DATE:
            attrs[f.key] = DateField(**{**common, "help_text": common["help_text"]})
        elif f.kind == Kind.CHOICE:
            attrs[f.key] = forms.ChoiceField(choices=[("", "—")] + [(c, c) for c in f.choices], **common)
        elif f.kind == Kind.MULTIPLE:
            attrs[f.key] = forms.MultipleChoiceField(choices=[(c, c) for c in f.choices],
                                                     widget=forms.CheckboxSelectMultiple, **common)
        elif f.kind == Kind.YES_NO:
            attrs[f.key] = forms.ChoiceField(choices=[(answer_kinds.YES, _("Yes")), (answer_kinds.NO, _("No"))],
                                             widget=forms.RadioSelect, **common)
    return type("SectionForm", (forms.Form,), attrs)


def section_initial(fields: list[SectionField], stored: dict) -> dict:
    return {f.key: answer_kinds.to_form(f, stored.get(f.key)) for f in fields if f.key in stored}


def section_answers(form: forms.Form) -> dict:
    """The cleaned values as the service takes them."""
    values = {}
    for key, value in form.cleaned_data.items():
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        elif value is not None and not isinstance(value, str | list):
            value = str(value)
        values[key] = value
    return values


class SearchForm(forms.Form):
    query = forms.CharField(label=_("ID number or name"), max_length=100,
                            widget=forms.TextInput(attrs={"autocomplete": "off", "dir": "auto"}))


class OpenServiceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Service"), choices=ServiceKind.choices)
    due_on = DateField(label=_("Due on"), required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=_("Write only what the service needs."))

    def __init__(self, *args, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        if kinds is not None:
            self.fields["kind"].choices = [(k, label) for k, label in ServiceKind.choices if k in kinds]


class ServiceForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=LongTermService.Status.choices)
    due_on = DateField(label=_("Due on"), required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                            help_text=_("Write only what the service needs."))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    @staticmethod
    def initial_for(service: LongTermService) -> dict:
        return {"status": service.status, "due_on": service.due_on, "notes": service.notes,
                "version": service.version}


class WorklistFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[
        ("open", _("Not closed")), ("", _("All")), *LongTermService.Status.choices])
    kind = forms.ChoiceField(label=_("Service"), required=False, choices=[("", _("All")), *ServiceKind.choices])


class FieldForm(forms.Form):
    label = forms.CharField(label=_("Question"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=Kind.choices)
    choices = forms.CharField(label=_("Choices"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("For a choice or multiple choice: one choice a line."))
    required = forms.BooleanField(label=_("Required"), required=False)
    help_text = forms.CharField(label=_("Help text"), max_length=300, required=False)
    purpose = forms.CharField(label=_("Purpose"), max_length=300,
                              help_text=_("Why this is asked; shown beside the question."))

    @staticmethod
    def initial_for(field: SectionField) -> dict:
        return {"label": field.label, "kind": field.kind, "choices": "\n".join(field.choices),
                "required": field.required, "help_text": field.help_text, "purpose": field.purpose}


class SectionOwnersForm(forms.Form):
    def __init__(self, *args, authority, owners: dict, **kwargs):
        super().__init__(*args, **kwargs)
        departments = Department.objects.filter(authority=authority, is_active=True)
        for key, label in SectionKey.choices:
            self.fields[key] = forms.ModelChoiceField(
                label=label, queryset=departments, required=False, initial=owners.get(key),
                empty_label=_("Only the intake coordinator"))


class MergeForm(forms.Form):
    keep = forms.ChoiceField(label=_("The record to keep"), widget=forms.RadioSelect)

    def __init__(self, *args, pair, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].choices = [(str(p.pk), str(p)) for p in pair]


class RetentionForm(forms.Form):
    emergency_ended_on = DateField(label=_("The emergency ended on"), required=False)
    retention_months = forms.IntegerField(
        label=_("Retention period (months)"), min_value=1, max_value=120, required=False,
        help_text=_("After this many months from the end of the emergency, the personal data of people with "
                    "no open service is erased."))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("Evacuee list (.xlsx)"),
                           help_text=_("The first row names the columns; each further row is a person. Rows with "
                                       "the same family number are one household."),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))


class MappingForm(forms.Form):
    def __init__(self, *args, headers: list[str], mapping: dict, **kwargs):
        from . import importing

        super().__init__(*args, **kwargs)
        choices = [("", _("Not in the list"))] + [(str(i), h or f"#{i + 1}") for i, h in enumerate(headers)]
        for target in importing.TARGETS:
            self.fields[target] = forms.ChoiceField(
                label=importing.TARGET_LABELS[target], choices=choices, required=target in importing.REQUIRED,
                initial=str(mapping[target]) if target in mapping else "")

    def mapping(self) -> dict[str, int | None]:
        return {t: (int(v) if v not in ("", None) else None) for t, v in self.cleaned_data.items()}
