"""The authority's navigation: the entries the apps declare (merhav.core.modules.NavEntry) that the user may see."""

from django.urls import reverse

from merhav.core.modules import nav_entries


def modules_for(request) -> list[dict]:
    authority = request.authority
    items = []
    for entry in nav_entries():
        if not request.user.has_perm(entry.permission, authority):
            continue
        url = reverse(entry.url_name, kwargs={"authority_slug": authority.slug})
        # The dashboard's address is the prefix of every other page, so it is current only on itself.
        current = request.path == url if entry.order == 0 else request.path.startswith(url)
        items.append({"key": entry.key, "label": entry.label, "url": url, "current": current})
    return items
