"""Input validation for the authority administration pages. Forms validate; services write."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from merhav.audit.models import AuditEntry
from merhav.core.forms import DateField
from merhav.core.spreadsheets import SpreadsheetError
from merhav.tenancy import people_import
from merhav.tenancy.models import Authority, Department, Region, StandardDepartment
from merhav.tenancy.roles import Role
from merhav.tenancy.selectors import membership_for_email


def department_choices(authority: Authority, keep: Department | None = None):
    """The authority's active departments, plus the one already chosen even if it was deactivated."""
    wanted = Q(is_active=True) | Q(pk=keep.pk) if keep is not None else Q(is_active=True)
    return Department.objects.filter(wanted, authority=authority).order_by("kind", "custom_name")


class VersionedForm(forms.Form):
    """A form that carries the version of the row it was built from (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False,
                                help_text=_("Used in the invitation; the person can change it."))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.STAFF)
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none(), required=False,
                                        empty_label=_("No department"))
    title = forms.CharField(label=_("Job title"), max_length=150, required=False)

    def __init__(self, *args, authority: Authority, **kwargs):
        super().__init__(*args, **kwargs)
        self.authority = authority
        self.fields["department"].queryset = department_choices(authority)

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        membership = membership_for_email(self.authority, email)
        if membership is not None:
            if membership.is_active:
                raise forms.ValidationError(
                    _("This person is already a member of the authority. Change their membership instead.")
                )
            raise forms.ValidationError(
                _("This person's membership is inactive. Reactivate it on the people page instead.")
            )
        return email


class MembershipForm(VersionedForm):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none(), required=False,
                                        empty_label=_("No department"))
    title = forms.CharField(label=_("Job title"), max_length=150, required=False)

    def __init__(self, *args, membership, **kwargs):
        kwargs.setdefault("initial", {
            "role": membership.role, "department": membership.department_id, "title": membership.title,
            "version": membership.version,
        })
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = department_choices(membership.authority, keep=membership.department)


class DepartmentNameMixin:
    """A department's name must differ from the authority's other departments' names."""

    authority: Authority
    department: Department | None = None

    def check_unique_name(self, name: str) -> None:
        if not name:
            return
        wanted = people_import.normalize(name)
        others = Department.objects.filter(authority=self.authority)
        if self.department is not None:
            others = others.exclude(pk=self.department.pk)
        for other in others:
            if people_import.normalize(other.name) == wanted:
                raise forms.ValidationError(_("Another department is already called “%(name)s”."),
                                            params={"name": name})


class DepartmentForm(DepartmentNameMixin, VersionedForm):
    custom_name = forms.CharField(label=_("Name"), max_length=150, required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False,
                                   help_text=_("An inactive department is kept with its history but cannot be "
                                               "chosen for new people."))

    def __init__(self, *args, department: Department, **kwargs):
        kwargs.setdefault("initial", {
            "custom_name": department.custom_name, "is_active": department.is_active, "version": department.version,
        })
        super().__init__(*args, **kwargs)
        self.department = department
        self.authority = department.authority
        if department.kind == StandardDepartment.OTHER:
            self.fields["custom_name"].required = True
        else:
            self.fields["custom_name"].help_text = _(
                "Leave empty to use the standard name (“%(name)s”), shown in each user's language."
            ) % {"name": department.get_kind_display()}

    def clean_custom_name(self) -> str:
        name = self.cleaned_data["custom_name"].strip()
        self.check_unique_name(name)
        return name


class DepartmentAddForm(DepartmentNameMixin, forms.Form):
    custom_name = forms.CharField(label=_("Name"), max_length=150,
                                  help_text=_("A department of the authority's own, e.g. “Youth and sport”."))

    def __init__(self, *args, authority: Authority, **kwargs):
        super().__init__(*args, **kwargs)
        self.authority = authority

    def clean_custom_name(self) -> str:
        name = self.cleaned_data["custom_name"].strip()
        self.check_unique_name(name)
        return name


class PeopleImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
                           help_text=_("One person per row, with the columns of the template."))

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if not uploaded.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Upload an Excel file ending in .xlsx."))
        try:
            people_import.check_file(uploaded)
        except SpreadsheetError as error:
            raise forms.ValidationError(error.message)
        return uploaded


# --- national administration --------------------------------------------------------------------------

AUTHORITY_FIELDS = ["name_he", "name_ar", "name_en", "slug", "code", "kind", "district", "population", "region"]


class AuthorityForm(forms.ModelForm):
    """Validates an authority (uniqueness of slug and code included); the service writes it."""

    class Meta:
        model = Authority
        fields = [*AUTHORITY_FIELDS, "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.order_by("name_he")
        if self.instance.pk:
            # Addresses of the authority's pages depend on the slug: it is set once.
            del self.fields["slug"]
        else:
            del self.fields["is_active"]

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}


class RegionForm(forms.ModelForm):
    class Meta:
        model = Region
        fields = ["name_he", "name_ar", "name_en", "slug"]

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}


class AccessibilityStatementForm(forms.Form):
    """The variable part of the accessibility statement: the coordinator's contact, the last review's date."""

    coordinator_name = forms.CharField(label=_("Accessibility coordinator"), max_length=200, required=False,
                                       widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "off"}))
    coordinator_email = forms.EmailField(label=_("Coordinator's email"), required=False,
                                         widget=forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "off"}))
    coordinator_phone = forms.CharField(label=_("Coordinator's phone"), max_length=30, required=False,
                                        widget=forms.TextInput(attrs={"dir": "ltr", "type": "tel", "autocomplete": "off"}))
    reviewed_on = DateField(label=_("Date of the last accessibility review"), required=False)

    def clean(self):
        data = super().clean()
        if not (data.get("coordinator_email") or data.get("coordinator_phone")) and "coordinator_email" not in self.errors:
            self.add_error("coordinator_email", _("Give an email address or a phone number to reach the coordinator."))
        return data

    @staticmethod
    def initial_for(statement) -> dict:
        return {name: getattr(statement, name) for name in
                ("coordinator_name", "coordinator_email", "coordinator_phone", "reviewed_on")}


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False, choices=[("", _("All actions"))] + list(AuditEntry.Action.choices))
    user = forms.TypedChoiceField(label=_("Who"), required=False, coerce=int, empty_value=None)
    date_from = DateField(label=_("From"), required=False)
    date_to = DateField(label=_("To"), required=False)

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", _("Everyone"))] + [(m.user_id, m.user.full_name) for m in people]
