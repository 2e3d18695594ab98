from django.contrib import admin
from django.urls import include, path

from merhav.api.api import api
from merhav.core.modules import authority_urls, site_urls

handler403 = "merhav.ui.views.permission_denied"
handler404 = "merhav.ui.views.page_not_found"
handler500 = "merhav.ui.views.server_error"

# Each app declares its pages (merhav.core.modules.Module). Everything an authority owns lives under
# /a/<authority_slug>/; the middleware scopes it.
urlpatterns = [
    *(path(prefix, include(module)) for prefix, module in site_urls()),
    path("a/<slug:authority_slug>/", include([path(prefix, include(module)) for prefix, module in authority_urls()])),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
