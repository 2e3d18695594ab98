"""What the resources pages share: addresses under the authority, pagination, the one form page, and
running a service with its errors put beside the fields."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats

from merhav.ui.forms import add_service_errors

PAGE_SIZE = 25
NO_RESULT = object()


def url(request, name: str, **kwargs: Any) -> str:
    return reverse(f"resources:{name}", kwargs={"authority_slug": request.authority.slug, **kwargs})


def page_of(request, queryset, size: int = PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def day(value) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else "—"


def run(form: forms.BaseForm, service: Callable[[], Any]) -> Any:
    """The service's result, or NO_RESULT with its ValidationError put beside the form's fields."""
    try:
        return service()
    except ValidationError as error:
        add_service_errors(form, error)
        return NO_RESULT


def form_page(request, form, *, title: str, crumbs: list[tuple[str, str]], cancel: str, conflict=None,
              create: bool = False, intro: str = "", status: int | None = None, multipart: bool = False):
    context = {"form": form, "title": title, "crumbs": crumbs, "cancel": cancel, "conflict": conflict,
               "create": create, "intro": intro, "multipart": multipart}
    if status is None:
        status = 409 if conflict else 400 if form.errors else 200
    return render(request, "resources/form.html", context, status=status)
