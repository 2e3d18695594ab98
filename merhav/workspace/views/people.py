from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from merhav.accounts import selectors as account_selectors
from merhav.accounts import services as account_services
from merhav.audit.services import personal_rows_shown, record_personal_read
from merhav.core.permissions import deny, require_perm
from merhav.core.submit_once import claim_submission, submit_once
from merhav.core.versioning import StaleVersion
from merhav.tenancy import selectors, services
from merhav.tenancy.models import Department, Invitation, Membership
from merhav.ui.conflicts import CONFLICT, Conflict, show_conflict
from merhav.ui.dashboard import panels_for
from merhav.workspace.forms import DepartmentAddForm, DepartmentForm, InviteForm, MembershipForm

PAGE_SIZE = 50


def _people_url(request):
    return redirect("tenancy:people", authority_slug=request.authority.slug)


def _saved_elsewhere(form, current, **fields) -> Conflict:
    return show_conflict(form, current, fields=fields, message=_(
        "Someone else saved a change here while you were editing. What is saved now is shown above the form; "
        "the form still holds your changes. Check them and save again to replace the saved version with yours."
    ))


def _version(value: str | None) -> int:
    """The version a button's form was built from; an unreadable one never matches (a conflict)."""
    return int(value) if value and value.isdigit() else 0


@require_perm("tenancy.view_authority")
def dashboard(request, authority_slug: str):
    return render(request, "tenancy/dashboard.html", {"panels": panels_for(request)})


@require_perm("tenancy.view_people")
def people(request, authority_slug: str):
    authority = request.authority
    page = Paginator(selectors.members(authority), PAGE_SIZE).get_page(request.GET.get("page"))
    can_manage = request.user.has_perm("tenancy.manage_people", authority)
    show_contact = request.user.has_perm("tenancy.view_contact_details", authority)
    if show_contact:
        page.object_list = personal_rows_shown(page.object_list, person="user")
    context = {
        "page": page,
        "can_manage": can_manage,
        "can_manage_departments": request.user.has_perm("tenancy.manage_departments", authority),
        "show_contact": show_contact,
        "pending_count": selectors.pending_invitations(authority).count() if can_manage else 0,
    }
    return render(request, "tenancy/people.html", context)


# --- memberships ------------------------------------------------------------------------------------

def _membership(membership_id: int) -> Membership:
    return get_object_or_404(Membership.objects.select_related("user", "department", "authority"), pk=membership_id)


@require_perm("tenancy.manage_people")
def membership_edit(request, authority_slug: str, membership_id: int):
    membership = _membership(membership_id)
    conflict = None
    if request.method == "POST":
        form = MembershipForm(request.POST, membership=membership)
        if form.is_valid():
            data = form.cleaned_data
            try:
                changed = services.update_membership(
                    membership=membership, version=data["version"], role=data["role"],
                    department=data["department"], title=data["title"], by=request.user,
                )
            except StaleVersion as stale:
                now = stale.current
                conflict = _saved_elsewhere(
                    form, now, role=now.get_role_display(), department=now.department.name if now.department else "",
                    title=now.title,
                )
            except services.MembershipRuleError as error:
                form.add_error("role", str(error))
            else:
                if changed:
                    messages.success(request, _("The membership was saved."))
                else:
                    messages.info(request, _("Nothing was changed."))
                return _people_url(request)
    else:
        form = MembershipForm(membership=membership)
    record_personal_read(object_type=membership.user._meta.label_lower, ids=[membership.user_id])
    return render(request, "tenancy/membership_edit.html",
                  {"membership": membership, "form": form, "conflict": conflict},
                  status=CONFLICT if conflict else 200)


@require_POST
@require_perm("tenancy.manage_people")
def membership_set_active(request, authority_slug: str, membership_id: int, active: bool):
    membership = _membership(membership_id)
    try:
        services.set_membership_active(membership=membership, version=_version(request.POST.get("version")),
                                       active=active, by=request.user)
    except StaleVersion:
        messages.error(request, _("Someone else changed this membership a moment ago. Nothing was changed; "
                                  "check it and try again."))
        return redirect("tenancy:membership_edit", authority_slug=authority_slug, membership_id=membership.pk)
    except services.MembershipRuleError as error:
        messages.error(request, str(error))
        return redirect("tenancy:membership_edit", authority_slug=authority_slug, membership_id=membership.pk)
    if active:
        messages.success(request, _("The membership was reactivated."))
    else:
        messages.success(request, _("The membership was deactivated. The person no longer reaches this authority."))
    return _people_url(request)


@require_perm("tenancy.manage_people")
def membership_two_factor(request, authority_slug: str, membership_id: int):
    """A member's two-factor authentication, and its reset when the phone and the backup codes are lost.
    Who may reset whom is the policy's (tenancy.reset_two_factor)."""
    membership = _membership(membership_id)
    may_reset = request.user.has_perm("tenancy.reset_two_factor", membership)
    if request.method == "POST":
        if not may_reset:
            deny(request, "tenancy.reset_two_factor", membership)
        if account_services.reset_two_factor(user=membership.user, authority=request.authority):
            messages.success(request, _("Two-factor authentication was reset. The person sets it up again at "
                                        "their next login, and was told by email."))
        else:
            messages.info(request, _("This person has no two-factor authentication to reset."))
        return redirect("tenancy:membership_edit", authority_slug=authority_slug, membership_id=membership.pk)
    context = {"membership": membership, "has_two_factor": account_selectors.has_two_factor(membership.user),
               "may_reset": may_reset}
    return render(request, "tenancy/membership_two_factor.html", context)


# --- invitations ------------------------------------------------------------------------------------

@require_perm("tenancy.manage_people")
@submit_once
def invite(request, authority_slug: str):
    form = InviteForm(request.POST or None, authority=request.authority)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with claim_submission(request) as claim:
                services.invite_member(authority=request.authority, email=data["email"], full_name=data["full_name"],
                                       role=data["role"], department=data["department"], title=data["title"],
                                       by=request.user)
                claim.lands_on(reverse("tenancy:invitations", kwargs={"authority_slug": authority_slug}))
        except services.InvitationError as error:
            form.add_error("email", str(error))
        else:
            messages.success(request, _("The invitation is on its way."))
            return redirect(claim.url)
    return render(request, "tenancy/invite.html", {"form": form, "invitation_days": settings.MERHAV_INVITATION_DAYS})


@require_perm("tenancy.manage_people")
def invitations(request, authority_slug: str):
    rows = selectors.pending_invitations(request.authority).order_by("-created_at", "-id")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = personal_rows_shown(page.object_list)
    return render(request, "tenancy/invitations.html", {"page": page})


def _invitation_action(request, invitation_id: int, action, done_message: str):
    invitation = get_object_or_404(Invitation.objects, pk=invitation_id)
    try:
        action(invitation=invitation, by=request.user)
    except services.InvitationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done_message)
    return redirect("tenancy:invitations", authority_slug=request.authority.slug)


@require_POST
@require_perm("tenancy.manage_people")
def invitation_resend(request, authority_slug: str, invitation_id: int):
    return _invitation_action(request, invitation_id, services.resend_invitation,
                              _("The invitation was sent again, with a new expiry date."))


@require_POST
@require_perm("tenancy.manage_people")
def invitation_revoke(request, authority_slug: str, invitation_id: int):
    return _invitation_action(request, invitation_id, services.revoke_invitation,
                              _("The invitation was revoked; its link no longer works."))


# --- departments ------------------------------------------------------------------------------------

@require_perm("tenancy.view_people")
def departments(request, authority_slug: str):
    page = Paginator(selectors.departments(request.authority), PAGE_SIZE).get_page(request.GET.get("page"))
    can_manage = request.user.has_perm("tenancy.manage_departments", request.authority)
    return render(request, "tenancy/departments.html", {"page": page, "can_manage": can_manage})


@require_perm("tenancy.manage_departments")
@submit_once
def department_add(request, authority_slug: str):
    form = DepartmentAddForm(request.POST or None, authority=request.authority)
    if request.method == "POST" and form.is_valid():
        with claim_submission(request) as claim:
            services.create_department(authority=request.authority, custom_name=form.cleaned_data["custom_name"],
                                       by=request.user)
            claim.lands_on(reverse("tenancy:departments", kwargs={"authority_slug": authority_slug}))
        messages.success(request, _("The department was added."))
        return redirect(claim.url)
    return render(request, "tenancy/department_form.html", {"form": form, "department": None})


@require_perm("tenancy.manage_departments")
def department_edit(request, authority_slug: str, department_id: int):
    department = get_object_or_404(Department.objects.select_related("authority"), pk=department_id)
    conflict = None
    if request.method == "POST":
        form = DepartmentForm(request.POST, department=department)
        if form.is_valid():
            data = form.cleaned_data
            try:
                changed = services.update_department(
                    department=department, version=data["version"], custom_name=data["custom_name"],
                    is_active=data["is_active"], by=request.user,
                )
            except StaleVersion as stale:
                now = stale.current
                conflict = _saved_elsewhere(form, now, custom_name=now.name, is_active=now.is_active)
            else:
                if changed:
                    messages.success(request, _("The department was saved."))
                else:
                    messages.info(request, _("Nothing was changed."))
                return redirect("tenancy:departments", authority_slug=authority_slug)
    else:
        form = DepartmentForm(department=department)
    return render(request, "tenancy/department_form.html",
                  {"form": form, "department": department, "conflict": conflict},
                  status=CONFLICT if conflict else 200)
