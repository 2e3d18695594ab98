"""The regional network: the offers and requests the region's authorities shared explicitly, sharing one,
answering another authority's, and accepting or declining the answers to one's own."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from merhav.core.permissions import check_perm, require_perm
from merhav.core.submit_once import claim_submission, submit_once
from merhav.ui.forms import add_service_errors

from .. import services
from ..forms import ReplyForm, SharePostForm
from ..models import SharedPost
from ..selectors import network
from .common import NO_RESULT, form_page, page_of, run, url


@require_perm("resources.view")
def network_list(request, authority_slug: str):
    kind = request.GET.get("kind", "")
    kind = kind if kind in SharedPost.Kind.values else ""
    page = page_of(request, network.region_posts(request.authority, kind=kind))
    kinds, categories = dict(SharedPost.Kind.choices), dict(SharedPost._meta.get_field("category").choices)
    rows = [(p.pk, p.title, str(kinds[p.kind]), str(categories[p.category]), str(p.authority.name),
             p.authority_id == request.authority.pk, p.get_status_display(), p.reply_count,
             formats.date_format(p.created_at, "SHORT_DATE_FORMAT")) for p in page.object_list]
    context = {"page": page, "rows": rows, "kind": kind, "kinds": SharedPost.Kind.choices,
               "region": request.authority.region,
               "can_share": request.user.has_perm("resources.manage", request.authority)}
    return render(request, "resources/network/list.html", context)


@require_perm("resources.manage")
@submit_once
def network_share(request, authority_slug: str):
    form = SharePostForm(request.POST or None, initial={"kind": request.GET.get("kind", SharedPost.Kind.OFFER)})
    if request.method == "POST" and form.is_valid():
        try:
            with claim_submission(request) as claim:
                post = services.share_post(authority=request.authority, **form.cleaned_data)
                claim.lands_on(url(request, "network_post", post_id=post.pk))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Shared with the region's network."))
            return redirect(claim.url)
    return form_page(request, form, title=_("Share with the region"), create=True,
                     crumbs=[(_("Partnerships and resources"), url(request, "index")),
                             (_("Regional network"), url(request, "network_list"))],
                     cancel=url(request, "network_list"),
                     intro=_("Only what you write here is shared, with the partnership managers of the authorities "
                             "of your region. Nothing else of this authority is shown to them."))


@require_perm("resources.view")
def network_post(request, authority_slug: str, post_id: int):
    post = get_object_or_404(network.post_for(request.authority, post_id))
    mine = post.authority_id == request.authority.pk
    form = ReplyForm(request.POST or None)
    if request.method == "POST":
        check_perm(request, "resources.manage")
        if form.is_valid() and run(form, lambda: services.reply_to_post(
                post=post, authority=request.authority, **form.cleaned_data)) is not NO_RESULT:
            messages.success(request, _("Your answer was sent to the authority that shared this."))
            return redirect("resources:network_post", authority_slug=authority_slug, post_id=post.pk)
    can_manage = request.user.has_perm("resources.manage", request.authority)
    context = {"post": post, "mine": mine, "replies": network.replies_seen_by(post, request.authority),
               "form": form if (can_manage and not mine and post.status == SharedPost.Status.OPEN) else None,
               "can_decide": can_manage and mine,
               "created": formats.date_format(post.created_at, "SHORT_DATE_FORMAT")}
    return render(request, "resources/network/post.html", context, status=400 if form.errors else 200)


@require_POST
@require_perm("resources.manage")
def reply_decide(request, authority_slug: str, reply_id: int):
    reply = get_object_or_404(network.reply_for(request.authority, reply_id))
    accept = request.POST.get("decision") == "accept"
    try:
        services.decide_reply(reply=reply, authority=request.authority, accept=accept)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The answer was accepted.") if accept else _("The answer was declined."))
    return redirect("resources:network_post", authority_slug=authority_slug, post_id=reply.post_id)
