from django.urls import path

from . import views

app_name = "tenancy"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("people/", views.people, name="people"),
]
