from django.urls import path

from .views import national as national_views

app_name = "national"
urlpatterns = [
    path("authorities/", national_views.authorities, name="authorities"),
    path("authorities/new/", national_views.authority_create, name="authority_create"),
    path("authorities/<int:authority_id>/", national_views.authority_edit, name="authority_edit"),
    path("regions/", national_views.regions, name="regions"),
    path("regions/new/", national_views.region_create, name="region_create"),
    path("regions/<int:region_id>/", national_views.region_edit, name="region_edit"),
    path("accessibility/", national_views.accessibility_edit, name="accessibility_edit"),
]
