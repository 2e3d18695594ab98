from django.urls import path

from .views import imports as import_views
from .views import people as views

app_name = "tenancy"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("people/", views.people, name="people"),
    path("people/invite/", views.invite, name="invite"),
    path("people/invitations/", views.invitations, name="invitations"),
    path("people/invitations/<int:invitation_id>/resend/", views.invitation_resend, name="invitation_resend"),
    path("people/invitations/<int:invitation_id>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("people/import/", import_views.upload, name="people_import"),
    path("people/import/template/", import_views.template, name="people_import_template"),
    path("people/import/<str:token>/", import_views.preview, name="people_import_preview"),
    path("people/departments/", views.departments, name="departments"),
    path("people/departments/add/", views.department_add, name="department_add"),
    path("people/departments/<int:department_id>/", views.department_edit, name="department_edit"),
    path("people/<int:membership_id>/", views.membership_edit, name="membership_edit"),
    path("people/<int:membership_id>/two-factor/", views.membership_two_factor, name="membership_two_factor"),
    path("people/<int:membership_id>/deactivate/", views.membership_set_active, {"active": False},
         name="membership_deactivate"),
    path("people/<int:membership_id>/reactivate/", views.membership_set_active, {"active": True},
         name="membership_reactivate"),
]
