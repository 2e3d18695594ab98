import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from merhav.core import modules
from merhav.tenancy.selectors import memberships_of

from .selectors import accessibility_statement as statement_of_the_site

logger = logging.getLogger(__name__)


@login_required
def home(request):
    """Send the user to the authority they used last, or their first one."""
    memberships = memberships_of(request.user)
    if not memberships:
        if request.user.has_perm("tenancy.manage_authorities"):
            return redirect("national:authorities")
        return render(request, "ui/no_authority.html")
    last = request.session.get("authority_slug")
    slugs = [m.authority.slug for m in memberships.values()]
    slug = last if last in slugs else slugs[0]
    return redirect("tenancy:dashboard", authority_slug=slug)


def accessibility_statement(request):
    """The accessibility statement (הצהרת נגישות): public, in the visitor's language, linked from every footer."""
    context = {
        "statement": statement_of_the_site(),
        "can_edit": request.user.has_perm("tenancy.manage_authorities"),
        "module_checks": modules.accessibility_checks(),
        "module_gaps": modules.accessibility_gaps(),
    }
    return render(request, "ui/accessibility_statement.html", context)


@never_cache
def healthz(request):
    """Database reachable and the worker's heartbeat fresh. 200 when healthy, 503 otherwise."""
    from merhav.notify.models import WorkerHeartbeat

    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:  # noqa: BLE001 - any failure means unhealthy
        logger.exception("healthz: database unreachable")
        checks["database"] = "unreachable"
    if checks["database"] == "ok":
        beat = WorkerHeartbeat.objects.order_by("-seen_at").first()
        max_age = timedelta(seconds=settings.MERHAV_WORKER_HEARTBEAT_MAX_AGE)
        if beat is None:
            checks["worker"] = "never seen"
        elif timezone.now() - beat.seen_at > max_age:
            checks["worker"] = "stale"
        else:
            checks["worker"] = "ok"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "fail", "checks": checks}, status=200 if healthy else 503)


def _is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def permission_denied(request, exception=None):
    if _is_api(request):  # an address under /api/ answers JSON, as the schema documents, even outside ninja
        return JsonResponse({"detail": "Forbidden"}, status=403)
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    if _is_api(request):  # e.g. /api/v1/…/actions/abc: no route matches, still a JSON 404
        return JsonResponse({"detail": "Not Found"}, status=404)
    return render(request, "errors/404.html", status=404)


# While the database is unreachable (a restart, a failover) every request fails the same way: the answer is a
# 503 that says so and when to try again, not "something went wrong".
DATABASE_RETRY_SECONDS = 30


def server_error(request):
    # A plain render with no context processors: the failure may be in them (or in the database they read).
    import sys

    from django.db import InterfaceError, OperationalError
    from django.http import HttpResponse, HttpResponseServerError
    from django.template import loader
    from django.utils import translation

    request_id = getattr(request, "request_id", "")
    if not isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return HttpResponseServerError(loader.get_template("errors/500.html").render({"request_id": request_id}))
    # The session (and the user's language in it) could not be read: the language cookie or the browser's choice.
    with translation.override(translation.get_language_from_request(request)):
        message = translation.gettext("Merhav cannot reach its database for a moment (it may be restarting). Nothing "
                                      "you sent in this request was saved; try again in a minute.")
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": message}, status=503)
        else:
            page = loader.get_template("errors/503.html").render({"message": message, "request_id": request_id})
            response = HttpResponse(page, status=503)
    response["Retry-After"] = str(DATABASE_RETRY_SECONDS)
    return response
