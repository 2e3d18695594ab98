from django.urls import path

from .network_urls import urlpatterns as network_urlpatterns
from .views import communities, meetings, recruitment, sna, teams

app_name = "communities"
urlpatterns = [
    path("", communities.index, name="index"),
    path("library/", teams.library, name="library"),
    path("apply/<str:call_token>/", recruitment.apply, name="apply"),
    path("programmes/new/", communities.programme_create, name="programme_create"),
    path("programmes/<int:programme_id>/", communities.programme, name="programme"),
    path("programmes/<int:programme_id>/new-community/", communities.community_create, name="community_create"),
    path("<int:community_id>/", communities.detail, name="detail"),
    path("<int:community_id>/edit/", communities.edit, name="edit"),
    path("<int:community_id>/members/", communities.members, name="members"),
    path("<int:community_id>/members/add/", communities.member_add, name="member_add"),
    path("<int:community_id>/calls/new/", recruitment.call_create, name="call_create"),
    path("<int:community_id>/calls/<int:call_id>/", recruitment.call, name="call"),
    path("<int:community_id>/applications/<int:application_id>/", recruitment.application, name="application"),
    path("<int:community_id>/topics/", meetings.topics, name="topics"),
    path("<int:community_id>/syllabus/", meetings.syllabus, name="syllabus"),
    path("<int:community_id>/syllabus.xlsx", meetings.syllabus_xlsx, name="syllabus_xlsx"),
    path("<int:community_id>/syllabus.ics", meetings.syllabus_ics, name="syllabus_ics"),
    path("<int:community_id>/meetings/", meetings.meetings, name="meetings"),
    path("<int:community_id>/meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("<int:community_id>/meetings/<int:community_meeting_id>/", meetings.meeting, name="meeting"),
    path("<int:community_id>/meetings/<int:community_meeting_id>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("<int:community_id>/meetings/<int:community_meeting_id>/survey/", meetings.survey, name="survey"),
    path("<int:community_id>/teams/", teams.teams, name="teams"),
    path("<int:community_id>/teams/new/", teams.team_create, name="team_create"),
    path("<int:community_id>/teams/<int:team_id>/", teams.team, name="team"),
    path("<int:community_id>/products/new/", teams.product_create, name="product_create"),
    path("<int:community_id>/products/<int:product_id>/", teams.product, name="product"),
    path("<int:community_id>/wartime/", teams.wartime, name="wartime"),
    # Social network analysis (the knowledge network is under <community_id>/network/: network_urls)
    path("<int:community_id>/sna/", sna.sna, name="sna"),
    path("<int:community_id>/sna/new/", sna.survey_create, name="sna_survey_create"),
    path("<int:community_id>/sna/<int:roster_id>/", sna.network_page, name="sna_network"),
    path("<int:community_id>/sna/<int:roster_id>/answer/", sna.answer, name="sna_answer"),
    path("<int:community_id>/sna/<int:roster_id>/network.gexf", sna.export_gexf, name="sna_gexf"),
    path("<int:community_id>/sna/<int:roster_id>/ties.csv", sna.export_csv, name="sna_csv"),
]
urlpatterns += network_urlpatterns  # the knowledge network
