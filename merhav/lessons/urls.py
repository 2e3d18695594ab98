from django.urls import path

from . import views
from .views import actions as action_views
from .views import events as event_views
from .views import exports as export_views
from .views import follow_ups as follow_up_views
from .views import library as library_views
from .views import oversight as oversight_views
from .views import reviews as review_views
from .views import synonyms as synonym_views

app_name = "lessons"
urlpatterns = [
    path("", views.index, name="index"),
    # Events, reviews, the five sections (save, merge, autosave), comments, lessons, states, examples.
    path("events/", event_views.event_list, name="event_list"),
    path("events/new/", event_views.event_create, name="event_create"),
    path("events/<int:event_id>/", event_views.event_detail, name="event_detail"),
    path("events/<int:event_id>/edit/", event_views.event_edit, name="event_edit"),
    path("reviews/new/", review_views.review_create, name="review_create"),
    path("reviews/<int:review_id>/", review_views.review_detail, name="review_detail"),
    path("reviews/<int:review_id>/edit/", review_views.review_edit, name="review_edit"),
    path("reviews/<int:review_id>/hold/", review_views.review_hold, name="review_hold"),
    path("reviews/<int:review_id>/complete/", review_views.review_complete, name="review_complete"),
    path("reviews/<int:review_id>/reopen/", review_views.review_reopen, name="review_reopen"),
    path("reviews/<int:review_id>/questions/<int:question>/", review_views.section_edit, name="section_edit"),
    path("reviews/<int:review_id>/questions/<int:question>/autosave/", review_views.section_autosave,
         name="section_autosave"),
    path("reviews/<int:review_id>/questions/<int:question>/comments/", review_views.comment_add, name="comment_add"),
    path("reviews/<int:review_id>/comments/<int:comment_id>/delete/", review_views.comment_delete,
         name="comment_delete"),
    path("reviews/<int:review_id>/lessons/new/", review_views.lesson_create, name="lesson_create"),
    path("lessons/<int:lesson_id>/edit/", review_views.lesson_edit, name="lesson_edit"),
    path("lessons/<int:lesson_id>/key/", review_views.lesson_key, name="lesson_key"),
    path("examples/", review_views.examples, name="examples"),
    # Action items, my actions, department actions, .ics, follow-ups.
    path("reviews/<int:review_id>/actions/add/", action_views.action_add, name="action_add"),
    path("reviews/<int:review_id>/follow-up/", follow_up_views.follow_up, name="follow_up"),
    path("actions/mine/", action_views.my_actions, name="my_actions"),
    path("actions/department/", action_views.department_actions, name="department_actions"),
    path("actions/<int:action_id>/", action_views.action_detail, name="action_detail"),
    path("actions/<int:action_id>/edit/", action_views.action_edit, name="action_edit"),
    path("actions/<int:action_id>/status/", action_views.action_status, name="action_status"),
    path("actions/<int:action_id>/action.ics", action_views.action_ics, name="action_ics"),
    # The auditor's dashboard and exports, recurring lessons, the similar-lesson hint, review export and print,
    # the shared library.
    path("oversight/", oversight_views.oversight, name="oversight"),
    path("oversight/export.xlsx", oversight_views.oversight_xlsx, name="oversight_xlsx"),
    path("oversight/report.docx", oversight_views.oversight_docx, name="oversight_docx"),
    path("recurring/", oversight_views.recurring, name="recurring"),
    path("similar/", oversight_views.similar_lessons, name="similar_lessons"),
    path("synonyms/", synonym_views.synonyms, name="synonyms"),
    path("synonyms/<int:group_id>/delete/", synonym_views.synonyms_delete, name="synonyms_delete"),
    path("reviews/<int:review_id>/export.docx", export_views.review_docx, name="review_docx"),
    path("reviews/<int:review_id>/print/", export_views.review_print, name="review_print"),
    path("library/", library_views.library, name="library"),
    path("library/proposals/", library_views.library_queue, name="library_queue"),
    path("library/propose/<int:lesson_id>/", library_views.library_propose, name="library_propose"),
    path("library/<int:shared_lesson_id>/", library_views.library_detail, name="library_detail"),
    path("library/<int:shared_lesson_id>/adopt/", library_views.library_adopt, name="library_adopt"),
    path("library/<int:shared_lesson_id>/decide/", library_views.library_decide, name="library_decide"),
]
