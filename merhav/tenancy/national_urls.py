from django.urls import path

from . import national_views

app_name = "national"
urlpatterns = [
    path("authorities/", national_views.authorities, name="authorities"),
]
