"""The authority dashboard's panels: those the apps declare (merhav.core.modules.PanelEntry) and the user may see."""

from merhav.core.modules import panel_entries, resolve


def panels_for(request) -> list[dict]:
    shown = []
    for panel in panel_entries():
        if request.user.has_perm(panel.permission, request.authority):
            shown.append({"key": panel.key, "template": panel.template, **resolve(panel.context)(request)})
    return shown
