from django.shortcuts import render

from merhav.ui.permissions import require_perm


@require_perm("lessons.view")
def index(request, authority_slug: str):
    return render(request, "lessons/index.html", {})
