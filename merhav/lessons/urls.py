from django.urls import path

from . import views
from .views import actions as action_views
from .views import follow_ups as follow_up_views

app_name = "lessons"
urlpatterns = [
    path("", views.index, name="index"),
    # L-actions: action items, my actions, department actions, .ics, follow-ups.
    path("reviews/<int:review_id>/actions/add/", action_views.action_add, name="action_add"),
    path("reviews/<int:review_id>/follow-up/", follow_up_views.follow_up, name="follow_up"),
    path("actions/mine/", action_views.my_actions, name="my_actions"),
    path("actions/department/", action_views.department_actions, name="department_actions"),
    path("actions/<int:action_id>/", action_views.action_detail, name="action_detail"),
    path("actions/<int:action_id>/edit/", action_views.action_edit, name="action_edit"),
    path("actions/<int:action_id>/status/", action_views.action_status, name="action_status"),
    path("actions/<int:action_id>/action.ics", action_views.action_ics, name="action_ics"),
    # end L-actions
]
