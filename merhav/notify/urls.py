from django.urls import path

from . import views

app_name = "notify"
urlpatterns = [
    path("notifications/", views.inbox, name="inbox"),
    path("notifications/read/", views.mark_read, name="mark_read"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
