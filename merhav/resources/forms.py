"""Input of the resources pages. The forms validate what a person typed; the services check the rules
again (the API and the import call them directly). Choices of related rows are the authority's only."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from merhav.core.forms import DateField

from . import imports
from .models import (
    Agreement,
    Availability,
    Category,
    Need,
    Partner,
    Resource,
    ResourceImport,
    SharedPost,
)
from .selectors import catalog


class DepartmentChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj.name)


class AuthorityForm(forms.Form):
    """A form whose choices of related rows come from one authority."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, authority, **kwargs):
        super().__init__(*args, **kwargs)
        self.authority = authority
        for field in self.fields.values():
            if isinstance(field, forms.ModelMultipleChoiceField | forms.ModelChoiceField):
                model = field.queryset.model
                if model._meta.label == "tenancy.Department":
                    field.queryset = catalog.departments(authority)
                elif model is Partner:
                    field.queryset = Partner.objects.filter(authority=authority).only("id", "name").order_by("name")
                else:
                    field.queryset = model.objects.filter(authority=authority)


def _neighbourhood_field(required: bool = False) -> forms.ModelChoiceField:
    from .models import Neighbourhood

    return forms.ModelChoiceField(label=_("Neighbourhood"), queryset=Neighbourhood.objects.none(), required=required)


class NeighbourhoodForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)


class PartnerForm(AuthorityForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Partner.Kind.choices)
    registration_number = forms.CharField(
        label=_("Registration number"), max_length=20, required=False,
        help_text=_("Nine digits. Required for a registered non-profit (amuta): its number starts with 58."))
    status = forms.ChoiceField(label=_("Status"), choices=Partner.Status.choices, initial=Partner.Status.ACTIVE)
    fields_of_activity = forms.CharField(label=_("Fields of activity"), max_length=300, required=False)
    populations_served = forms.CharField(label=_("Populations served"), max_length=300, required=False)
    neighbourhoods = forms.ModelMultipleChoiceField(
        label=_("Neighbourhoods served"), queryset=Partner.neighbourhoods.field.related_model.objects.none(),
        required=False, widget=forms.CheckboxSelectMultiple)
    added_value = forms.CharField(
        label=_("Added value and identity"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What this body brings that others do not, and what it keeps as its own."))

    @staticmethod
    def initial_for(partner: Partner) -> dict:
        return {"name": partner.name, "kind": partner.kind, "registration_number": partner.registration_number,
                "status": partner.status, "fields_of_activity": partner.fields_of_activity,
                "populations_served": partner.populations_served, "added_value": partner.added_value,
                "neighbourhoods": list(partner.neighbourhoods.all()), "version": partner.version}


class ContactForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    role_title = forms.CharField(label=_("Role"), max_length=150, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("Email"), required=False)


class AgreementForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    signed_on = DateField(label=_("Date"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=Agreement.Status.choices)
    document = forms.CharField(label=_("Document"), max_length=300, required=False,
                               help_text=_("Where the signed document is kept (a file name or a link)."))


class ResourceForm(AuthorityForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Resource.Kind.choices)
    category = forms.ChoiceField(label=_("Needs it answers"), choices=Category.choices)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=0,
                                  help_text=_("How much of it can be allocated to needs."))
    quantity = forms.IntegerField(label=_("Quantity"), min_value=0, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False,
                           help_text=_("e.g. people, seats, meals, hours a week"))
    availability = forms.ChoiceField(label=_("Availability"), choices=Availability.choices, initial=Availability.BOTH)
    hours = forms.CharField(label=_("Hours"), max_length=100, required=False)
    neighbourhood = _neighbourhood_field()
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    partner = forms.ModelChoiceField(label=_("Held by partner"), queryset=Partner.objects.none(), required=False)
    department = DepartmentChoice(label=_("Held by department"),
                                  queryset=Resource.department.field.related_model.objects.none(), required=False)
    verified_on = DateField(label=_("Last verified"), required=False)
    accessible = forms.BooleanField(label=_("Accessible to people with disabilities"), required=False)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    @staticmethod
    def initial_for(resource: Resource) -> dict:
        names = ("name", "kind", "category", "capacity", "quantity", "unit", "availability", "hours", "neighbourhood",
                 "address", "partner", "department", "verified_on", "accessible", "description", "version")
        return {name: getattr(resource, name) for name in names}


class NeedForm(AuthorityForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    neighbourhood = _neighbourhood_field()
    population_group = forms.CharField(label=_("Population group"), max_length=150, required=False,
                                       help_text=_("Name the neighbourhood, the population group, or both."))
    urgency = forms.TypedChoiceField(label=_("Urgency"), choices=Need.Urgency.choices, coerce=int,
                                     initial=Need.Urgency.MEDIUM)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1)
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    source = forms.CharField(label=_("Source"), max_length=150, required=False,
                             help_text=_("Who reported the need (a department, a partner, a survey)."))
    emergency = forms.CharField(label=_("Linked emergency"), max_length=150, required=False,
                                help_text=_("The emergency it arose in, when one is active."))
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    @staticmethod
    def initial_for(need: Need) -> dict:
        names = ("title", "category", "neighbourhood", "population_group", "urgency", "quantity", "unit", "source",
                 "emergency", "description", "version")
        return {name: getattr(need, name) for name in names}


class NeedEditForm(NeedForm):
    closed = forms.BooleanField(label=_("The need is closed"), required=False)


class ResponseForm(AuthorityForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    partner = forms.ModelChoiceField(label=_("Given by partner"), queryset=Partner.objects.none(), required=False)
    department = DepartmentChoice(label=_("Given by department"),
                                  queryset=Resource.department.field.related_model.objects.none(), required=False)
    for_whom = forms.CharField(label=_("For whom"), max_length=200, required=False)
    neighbourhood = _neighbourhood_field()
    capacity = forms.IntegerField(label=_("Capacity"), min_value=0, required=False)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    @staticmethod
    def initial_for(response) -> dict:
        names = ("name", "category", "partner", "department", "for_whom", "neighbourhood", "capacity", "description",
                 "version")
        return {name: getattr(response, name) for name in names}


class AllocateForm(forms.Form):
    resource = forms.IntegerField(widget=forms.HiddenInput)
    quantity = forms.IntegerField(label=_("Quantity to allocate"), min_value=1)


class GapNoteForm(forms.Form):
    category = forms.ChoiceField(choices=Category.choices, widget=forms.HiddenInput)
    neighbourhood = forms.IntegerField(required=False, widget=forms.HiddenInput)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(label=_("What we will do about it"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class SnapshotForm(forms.Form):
    label = forms.CharField(label=_("Label"), max_length=150, required=False,
                            help_text=_("e.g. before the winter drill"))


class SettingsForm(forms.Form):
    stale_after_days = forms.IntegerField(label=_("A resource is stale after (days)"), min_value=1, max_value=3650,
                                          help_text=_("A resource not verified for this many days is shown as stale."))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ImportUploadForm(forms.Form):
    target = forms.ChoiceField(label=_("What the sheet lists"), choices=ResourceImport.Target.choices)
    file = forms.FileField(label=_("File (.xlsx or .csv)"),
                           help_text=_("The first row names the columns; you choose which column is which next."))

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > imports.MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is too large. The limit is %(mb)s MB.")
                                        % {"mb": imports.MAX_FILE_BYTES // (1024 * 1024)})
        if not uploaded.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Upload an .xlsx or a .csv file."))
        return uploaded


class MappingForm(forms.Form):
    """One choice per field of the sheet's kind: which column holds it (or none)."""

    def __init__(self, *args, stored: ResourceImport, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("(not in the file)"))] + [
            (str(index), f"{index + 1}: {header or '—'}") for index, header in enumerate(stored.headers)]
        for column in imports.FIELDS[stored.target]:
            self.fields[column.key] = forms.ChoiceField(label=column.label, choices=choices, required=column.required)
            index = stored.mapping.get(column.key)
            self.initial[column.key] = "" if index is None else str(index)

    def mapping(self) -> dict[str, int | None]:
        return {key: (int(value) if value not in ("", None) else None) for key, value in self.cleaned_data.items()}


class SharePostForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=SharedPost.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=0, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text=_("Everything written here is seen by the other authorities of the "
                                              "region. Write no personal data."))


class ReplyForm(forms.Form):
    message = forms.CharField(label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 3}))
    quantity = forms.IntegerField(label=_("Quantity"), min_value=0, required=False)


class ForumMemberForm(AuthorityForm):
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=Partner.objects.none(), required=False)
    department = DepartmentChoice(label=_("Department"),
                                  queryset=Resource.department.field.related_model.objects.none(), required=False)
    role_note = forms.CharField(label=_("Role in the forum"), max_length=150, required=False)


class ForumMeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    held_on = DateField(label=_("Date"))
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 4}))



class ForumDecisionForm(forms.Form):
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.CharField(label=_("Owner"), max_length=150, required=False)
    due_on = DateField(label=_("Due date"), required=False)
