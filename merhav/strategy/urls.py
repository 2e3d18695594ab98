from django.urls import path

from . import views

app_name = "strategy"
plan = "<int:plan_id>/"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path(plan, views.detail, name="detail"),
    path(plan + "edit/", views.edit, name="edit"),
    path(plan + "publish/", views.publish, name="publish"),
    path(plan + "plan.docx", views.plan_docx, name="plan_docx"),
    path(plan + "meetings/<int:plan_meeting_id>/", views.meeting, name="meeting"),
    path(plan + "people/", views.people, name="people"),
    path(plan + "people/new/", views.participant_add, name="participant_add"),
    path(plan + "channels/<int:plan_channel_id>/", views.channel_edit, name="channel_edit"),
    path(plan + "challenges/new/", views.challenge_add, name="challenge_add"),
    path(plan + "goals/new/", views.goal_add, name="goal_add"),
    path(plan + "logic/", views.logic, name="logic"),
    path(plan + "logic/boxes/new/", views.node_add, name="node_add"),
    path(plan + "logic/links/new/", views.link_add, name="link_add"),
    path(plan + "logic/indicators/new/", views.indicator_add, name="indicator_add"),
    path(plan + "logic/indicators/<int:plan_indicator_id>/measurements/new/", views.measurement_add,
         name="measurement_add"),
    path(plan + "work-plan/", views.work_plan, name="work_plan"),
    path(plan + "work-plan.xlsx", views.work_plan_xlsx, name="work_plan_xlsx"),
    path(plan + "actions/new/", views.action_add, name="action_add"),
    path(plan + "actions/<int:plan_action_id>/", views.action_edit, name="action_edit"),
    path(plan + "actions/<int:plan_action_id>/budget/new/", views.budget_add, name="budget_add"),
    path(plan + "pilot/", views.pilot, name="pilot"),
    path(plan + "comments/", views.comments, name="comments"),
    path(plan + "comments/<int:plan_comment_id>/", views.comment_moderate, name="comment_moderate"),
    path(plan + "pilot/proposals/", views.proposals, name="proposals"),
    path(plan + "pilot/initiatives/new/", views.initiative_add, name="initiative_add"),
    path(plan + "pilot/initiatives/<int:plan_initiative_id>/score/", views.initiative_score, name="initiative_score"),
    path(plan + "pilot/initiatives/<int:plan_initiative_id>/decision/", views.initiative_decide,
         name="initiative_decide"),
]
