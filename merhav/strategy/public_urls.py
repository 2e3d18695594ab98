"""The public plan: pages anyone may open, without login (seed 003: the plan is public). Their kwarg is
public_slug, not authority_slug: the authority middleware requires a member for authority_slug."""

from django.urls import path

from . import public_views

app_name = "strategy_public"
urlpatterns = [
    path("<slug:public_slug>/", public_views.plans, name="plans"),
    path("<slug:public_slug>/<int:plan_id>/", public_views.plan, name="plan"),
    path("<slug:public_slug>/<int:plan_id>/challenges.csv", public_views.challenges_csv, name="challenges_csv"),
    path("<slug:public_slug>/<int:plan_id>/comment/", public_views.comment, name="comment"),
    path("<slug:public_slug>/<int:plan_id>/hackathon/", public_views.propose, name="propose"),
]
