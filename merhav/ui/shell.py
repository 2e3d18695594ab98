"""The page shell's header (base.html's <header>) made in Python: the same HTML its template made, which cost
more than a small page's own content on every page (a loop over the languages, the authority switcher, the
module navigation, a dozen URL and translation tags). merhav/ui/tests/test_site_header.py holds it to the
template it replaced, in he/ar/en, signed in or not, with and without an authority."""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, get_language_info, gettext, ngettext


@cache
def _languages() -> tuple[tuple[str, str, str], ...]:
    """(code, direction, name in its own language) of every language (as {% get_language_info_list %})."""
    return tuple((code, "rtl" if get_language_info(code)["bidi"] else "ltr", get_language_info(code)["name_local"])
                 for code, _name in settings.LANGUAGES)


def _csrf_input(token) -> str:
    """{% csrf_token %}."""
    if not token or token == "NOTPROVIDED":
        return ""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)


def site_header(context) -> SafeString:
    request = context.get("request")
    user = context.get("user")
    csrf = _csrf_input(context.get("csrf_token"))
    current = get_language()
    language_label = conditional_escape(gettext("Language"))
    buttons = "".join(
        f'<button type="submit" name="language" value="{code}" lang="{code}" dir="{direction}" '
        f'aria-describedby="lang-label" aria-pressed="{"true" if code == current else "false"}">'
        f"{conditional_escape(name)}</button>\n"
        for code, direction, name in _languages()
    )
    full_path = conditional_escape(request.get_full_path()) if request is not None else ""
    brand = conditional_escape(gettext("Merhav"))  # every gettext outside the f-strings: xgettext does not look in one
    html = (
        '<header class="site-header">\n<div class="site-header__bar">\n'
        f'<a class="brand" href="{reverse("ui:home")}"><span class="brand__mark" aria-hidden="true">◆</span> '
        f"{brand}</a>\n"
        f'<form method="post" action="{reverse("accounts:set_language")}" class="lang-switch">\n{csrf}\n'
        f'<input type="hidden" name="next" value="{full_path}">\n'
        f'<span class="visually-hidden" id="lang-label">{language_label}</span>\n{buttons}</form>\n'
    )
    if user is not None and user.is_authenticated:
        html += _account(context, user, csrf)
    html += "</div>\n"
    nav_modules = context.get("nav_modules")
    if nav_modules:
        items = "".join(_nav_item(item) for item in nav_modules)
        modules = conditional_escape(gettext("Modules"))
        html += f'<nav class="module-nav" aria-label="{modules}">\n<ul>\n{items}</ul>\n</nav>\n'
    return mark_safe(html + "</header>")  # noqa: S308 (every value went through conditional_escape)


def _nav_item(item: dict) -> str:
    current = ' aria-current="page"' if item["current"] else ""
    return f'<li><a href="{conditional_escape(item["url"])}"{current}>{conditional_escape(item["label"])}</a></li>\n'


def _account(context, user, csrf: str) -> str:
    html = ""
    memberships = context.get("my_memberships")
    authority = context.get("current_authority")
    if memberships:
        items = []
        for m in memberships:
            url = reverse("tenancy:dashboard", kwargs={"authority_slug": m.authority.slug})
            here = ' aria-current="true"' if authority and m.authority_id == authority.pk else ""
            items.append(f'<li><a href="{conditional_escape(url)}"{here}>{conditional_escape(m.authority.name)} '
                         f"<small>· {conditional_escape(m.get_role_display())}</small></a></li>\n")
        chosen = conditional_escape(authority.name) if authority else conditional_escape(gettext("Choose an authority"))
        label = conditional_escape(gettext("Authority:"))
        html += (
            '<details class="switcher">\n<summary>\n'
            f'<span class="visually-hidden">{label}</span>\n{chosen}\n'
            f'</summary>\n<ul class="switcher__list">\n{"".join(items)}</ul>\n</details>\n'
        )
    unread = context.get("unread_notifications")
    badge = ""
    if unread:
        # {% blocktranslate %} puts the escaped number into its message and does not escape the message.
        label = ngettext("%(n)s unread", "%(n)s unread", unread) % {"n": unread}
        badge = f' <span class="badge" aria-label="{label}">{unread}</span>'
    national = ""
    if getattr(user, "is_national_admin", False) or user.is_superuser:
        national_label = conditional_escape(gettext("National administration"))
        national = f'<a href="{reverse("national:authorities")}">{national_label}</a>\n'
    account = conditional_escape(gettext("Your account"))
    notifications = conditional_escape(gettext("Notifications"))
    log_out = conditional_escape(gettext("Log out"))
    return html + (
        f'<nav class="user-nav" aria-label="{account}">\n'
        f'<a href="{reverse("notify:inbox")}" class="inbox-link">{notifications}{badge}</a>\n'
        f"{national}"
        f'<a href="{reverse("accounts:profile")}">{conditional_escape(user.get_short_name())}</a>\n'
        f'<form method="post" action="{reverse("accounts:logout")}" class="inline-form">{csrf}'
        f'<button type="submit" class="link-button">{log_out}</button></form>\n'
        "</nav>\n"
    )
