from django.urls import path

from .views import config, imports, people, work

app_name = "intake"
urlpatterns = [
    path("", people.index, name="index"),
    path("search/", people.search, name="search"),
    path("take-in/", people.take_in, name="take_in"),
    path("households/<int:household_id>/", people.household, name="household"),
    path("households/<int:household_id>/edit/", people.household_edit, name="household_edit"),
    path("households/<int:household_id>/add-person/", people.add_person, name="add_person"),
    path("people/<int:person_id>/", people.person, name="person"),
    path("people/<int:person_id>/edit/", people.person_edit, name="person_edit"),
    path("people/<int:person_id>/sections/<slug:section>/", people.section_edit, name="section_edit"),
    path("people/<int:person_id>/services/new/", work.open_service, name="open_service"),
    path("people/<int:person_id>/record.xlsx", work.subject_access, name="subject_access"),
    path("people/<int:person_id>/merge/", work.merge, name="merge"),
    path("people/<int:person_id>/not-a-duplicate/", work.dismiss_duplicate, name="dismiss_duplicate"),
    path("services/", work.worklist, name="worklist"),
    path("services/<int:service_id>/", work.service, name="service"),
    path("duplicates/", work.duplicates, name="duplicates"),
    path("export.xlsx", work.export, name="export"),
    path("imports/", imports.upload, name="import_upload"),
    path("imports/<int:batch_id>/", imports.batch, name="import_batch"),
    path("imports/<int:batch_id>/confirm/", imports.confirm, name="import_confirm"),
    path("retention/", config.retention, name="retention"),
    path("questionnaire/", config.questionnaire, name="questionnaire"),
    path("questionnaire/sections/<slug:section>/new/", config.field_add, name="field_add"),
    path("questionnaire/questions/<int:field_id>/", config.field_edit, name="field_edit"),
    path("questionnaire/questions/<int:field_id>/retire/", config.field_retire, name="field_retire"),
]
