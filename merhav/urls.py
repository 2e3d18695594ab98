from django.contrib import admin
from django.urls import include, path

from merhav.api.api import api

handler403 = "merhav.ui.views.permission_denied"
handler404 = "merhav.ui.views.page_not_found"
handler500 = "merhav.ui.views.server_error"

# Everything an authority owns lives under /a/<authority_slug>/; the middleware scopes it.
authority_patterns = [
    path("", include("merhav.tenancy.urls")),
    path("audit/", include("merhav.audit.urls")),
    path("lessons/", include("merhav.lessons.urls")),
]

urlpatterns = [
    path("", include("merhav.ui.urls")),
    path("", include("merhav.accounts.urls")),
    path("", include("merhav.notify.urls")),
    path("national/", include("merhav.tenancy.national_urls")),
    path("a/<slug:authority_slug>/", include(authority_patterns)),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
