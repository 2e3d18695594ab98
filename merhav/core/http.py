"""HTTP plumbing every response shares."""

import errno
import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

logger = logging.getLogger("merhav.http")


class PrivateCacheMiddleware:
    """An answer to a logged-in user or an API token carries personal data: no browser cache, shared
    cache or proxy may keep it (`Cache-Control: private, no-store`). A response that set its own
    Cache-Control keeps it; static files never reach this middleware (whitenoise answers them first)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or "HTTP_AUTHORIZATION" in request.META:
            patch_cache_control(response, private=True, no_store=True)
        return response


DISK_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}


def is_disk_full(error: BaseException | None) -> bool:
    """The error, or one it came from, is the disk (or the quota) full. openpyxl and python-docx write through
    lxml, which reports a full disk as SerialisationError('IO_ENOSPC') rather than an OSError."""
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, OSError) and error.errno in DISK_FULL_ERRNOS:
            return True
        if "ENOSPC" in str(error) or "EDQUOT" in str(error):
            return True
        error = error.__cause__ or error.__context__
        seen += 1
    return False


class DiskFullMiddleware:
    """A request that fails because the server's disk is full (an export's temporary files, an upload) gets
    a clear answer — 507 Insufficient Storage, a page (or for the API a JSON error) saying the server has no
    room to write and that nothing was kept — instead of the generic error page; the error is logged for the
    operators. No response body was started, so no half-written file reaches the user."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_disk_full(exception):
            return None
        logger.error("The disk is full: %s %s could not be answered", request.method, request.path,
                     exc_info=exception)
        message = _("The server has no room left to write this file. Nothing was saved or sent; please try again "
                    "later, and tell your system administrator if it happens again.")
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": str(message)}, status=507)
        page = loader.get_template("errors/507.html").render(
            {"message": message, "request_id": getattr(request, "request_id", "")})
        return HttpResponse(page, status=507)
