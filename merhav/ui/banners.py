"""The authority's banners: notices the apps declare (merhav.core.modules.BannerEntry) shown at the top of
every page of the authority, e.g. "an emergency is active". Each costs at most one query."""

from merhav.core.modules import banner_entries, resolve


def banners_for(request) -> list[dict]:
    shown = []
    for banner in banner_entries():
        if not request.user.has_perm(banner.permission, request.authority):
            continue
        context = resolve(banner.context)(request)
        if context:
            shown.append({"key": banner.key, "template": banner.template, **context})
    return shown
