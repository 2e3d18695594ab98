from django.urls import path

from . import views

app_name = "emergency"
urlpatterns = [
    path("", views.index, name="index"),
    path("declare/", views.declare, name="declare"),
    path("<int:emergency_id>/", views.detail, name="detail"),
    path("<int:emergency_id>/log/", views.log_add, name="log_add"),
    path("<int:emergency_id>/end/", views.end, name="end"),
    path("<int:emergency_id>/log.xlsx", views.log_export, {"fmt": "xlsx"}, name="log_xlsx"),
    path("<int:emergency_id>/log.docx", views.log_export, {"fmt": "docx"}, name="log_docx"),
    path("<int:emergency_id>/issue/", views.issue_choose, name="issue_choose"),
    path("<int:emergency_id>/issue/<int:sealed_message_id>/", views.issue, name="issue"),
    path("messages/", views.message_list, name="message_list"),
    path("messages/new/", views.message_create, name="message_create"),
    path("messages/readiness/", views.readiness, name="readiness"),
    path("messages/<int:sealed_message_id>/", views.message_detail, name="message_detail"),
    path("messages/<int:sealed_message_id>/edit/", views.message_edit, name="message_edit"),
    path("messages/<int:sealed_message_id>/approve/", views.message_approve, name="message_approve"),
    path("issued/", views.issued_list, name="issued_list"),
    path("issued/<int:issued_message_id>/", views.issued_detail, name="issued_detail"),
    path("webhooks/", views.webhooks, name="webhooks"),
    path("webhooks/<int:webhook_id>/toggle/", views.webhook_toggle, name="webhook_toggle"),
    path("checklist/", views.checklist, name="checklist"),
    path("checklist/questions/new/", views.question_create, name="question_create"),
    path("checklist/questions/<int:checklist_question_id>/edit/", views.question_edit, name="question_edit"),
    path("checklist/runs/new/", views.run_create, name="run_create"),
    path("checklist/runs/<int:checklist_run_id>/", views.run_detail, name="run_detail"),
    path("checklist/runs/<int:checklist_run_id>/initiatives/", views.initiative_add, name="initiative_add"),
    path("checklist/runs/<int:checklist_run_id>/initiatives/<int:cycle_initiative_id>/", views.initiative_edit,
         name="initiative_edit"),
    path("checklist/runs/<int:checklist_run_id>/report.docx", views.run_report, name="run_report"),
    path("checklist/runs/<int:checklist_run_id>/answers/<int:checklist_answer_id>/", views.answer_edit, name="answer_edit"),
]
