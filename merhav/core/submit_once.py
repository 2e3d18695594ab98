"""Create forms that create once: a double click, a reload or two parallel submits of the same form give
one row, and every submit after the first lands on the first one's result.

The form carries a one-time token (`{% submit_once_field %}` from the ui tags, a random value; rendering
writes nothing). The view is decorated with @submit_once and wraps its create in claim_submission():

    @require_perm("things.create")
    @submit_once
    def thing_create(request, authority_slug):
        ...
        if request.method == "POST" and form.is_valid():
            with claim_submission(request) as claim:
                thing = services.create_thing(...)
                claim.lands_on(thing_url(thing))
            return redirect(claim.url)

claim_submission() inserts the token (unique) in the same transaction as the create, so two parallel
submits cannot both create: on PostgreSQL the second insert waits for the first transaction and then
fails, and that submit is sent to the first one's result. A create that fails (a validation error from
the service) rolls the token back with it, so the corrected form can be sent again. A POST without a token
(an old page, a script) is handled as before, without the guarantee.
"""

from __future__ import annotations

import functools
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import FormSubmission

FIELD = "submit_token"
KEEP = timedelta(days=2)


def new_token() -> str:
    return secrets.token_urlsafe(32)


class AlreadySubmitted(Exception):
    """This form was submitted before (or is being submitted in parallel); `url` is where it landed."""

    def __init__(self, url: str):
        super().__init__(url)
        self.url = url


class Claim:
    def __init__(self, request: HttpRequest):
        self.url: str = request.get_full_path()

    def lands_on(self, url: str) -> None:
        """Where this submit leads (and where a repeated one will be sent)."""
        self.url = url


def _token(request: HttpRequest) -> str:
    token = request.POST.get(FIELD, "")
    return token if 20 <= len(token) <= 64 else ""


def _user_id(request: HttpRequest) -> int | None:
    user = getattr(request, "user", None)
    return user.pk if user is not None and user.is_authenticated else None


def _first_result(request: HttpRequest, token: str) -> str | None:
    return (FormSubmission.objects.filter(token=token, user_id=_user_id(request))
            .values_list("result_url", flat=True).first())


@contextmanager
def claim_submission(request: HttpRequest) -> Iterator[Claim]:
    """Claim the form's token in one transaction with the create inside the block; raise AlreadySubmitted
    (handled by @submit_once) when another submit of the same form claimed it first."""
    token = _token(request)
    claim = Claim(request)
    if not token:
        yield claim
        return
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = FormSubmission.objects.create(token=token, user_id=_user_id(request))
        except IntegrityError:
            row = None
        if row is not None:
            yield claim
            row.result_url = claim.url[:500]
            row.save(update_fields=["result_url"])
            return
    raise AlreadySubmitted(_first_result(request, token) or request.get_full_path())


def submit_once(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A create view whose form was already submitted sends the browser to that submit's result."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "POST":
            token = _token(request)
            first = _first_result(request, token) if token else None
            if first:
                return _back_to(request, first)
        try:
            return view(request, *args, **kwargs)
        except AlreadySubmitted as repeated:
            return _back_to(request, repeated.url)

    return wrapped


def _back_to(request: HttpRequest, url: str) -> HttpResponseRedirect:
    messages.info(request, _("This form was already sent; here is what it did."))
    return HttpResponseRedirect(url)


def purge(now: datetime | None = None) -> int:
    """Forget tokens older than KEEP: a page left open that long gets no protection, nothing worse."""
    cutoff = (now or timezone.now()) - KEEP
    deleted, _by_model = FormSubmission.objects.filter(created_at__lt=cutoff).delete()
    return deleted
