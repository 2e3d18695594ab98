from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from merhav.accounts.services import user_for_calendar_token

from . import selectors, services
from .calendar import feed_for_user
from .messages import in_reader_language


@login_required
def inbox(request):
    page = Paginator(selectors.inbox(request.user), 25).get_page(request.GET.get("page"))
    page.object_list = in_reader_language(page.object_list)
    return render(request, "notify/inbox.html", {"page": page})


@login_required
@require_POST
def mark_read(request):
    ids = request.POST.getlist("id")
    services.mark_notifications_read(user=request.user, notification_ids=[int(i) for i in ids if i.isdigit()] if ids else None)
    return redirect("notify:inbox")


@never_cache
def calendar_feed(request, token: str):
    """The personal calendar: the user's due dates as .ics. The secret token in the URL is the credential."""
    user = user_for_calendar_token(token)
    if user is None:
        return HttpResponse(status=404)
    with translation.override(user.language or "he"):
        body = feed_for_user(user)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="merhav.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response
