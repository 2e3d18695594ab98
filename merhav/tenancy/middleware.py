from urllib.parse import quote

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import Resolver404, resolve
from django_scopes import scope, scopes_disabled

from .selectors import membership_by_slug


class AuthorityMiddleware:
    """For URLs under /a/<slug>/: resolve the authority, require membership and activate the scope.

    Inside the scope every scoped manager returns only this authority's rows; an id of another
    authority's object is simply not found. Outside /a/… no scope is active, and a scoped query raises.
    Django admin (/admin/) is the exception: national admins work across authorities there, unscoped.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.authority = None
        request.membership = None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        if match.namespace == "admin":
            # Django admin is for national admins only (is_staff follows is_national_admin); they work
            # across authorities, so no scope applies there.
            with scopes_disabled():
                return self.get_response(request)
        slug = match.kwargs.get("authority_slug")
        if slug is None:
            return self.get_response(request)
        if not request.user.is_authenticated:
            if request.path_info.startswith("/api/"):
                return self.get_response(request)
            login = resolve_url(settings.LOGIN_URL)
            return HttpResponseRedirect(f"{login}?next={quote(request.get_full_path())}")
        membership = membership_by_slug(request.user, slug)
        if membership is None:
            raise Http404("No such authority for this user.")
        authority = request.authority = membership.authority
        request.membership = membership
        if request.session.get("authority_slug") != authority.slug and not request.path_info.startswith("/api/"):
            # The home page's "last authority" (a write only when the user switches pages to another one).
            request.session["authority_slug"] = authority.slug
        with scope(authority=authority):
            return self.get_response(request)
