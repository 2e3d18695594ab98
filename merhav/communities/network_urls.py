"""The knowledge network's addresses, under a community (merhav.communities.urls adds them)."""

from django.urls import path

from .views import network

urlpatterns = [
    path("<int:community_id>/network/", network.network, name="network"),
    path("<int:community_id>/network/waves/new/", network.wave_create, name="network_wave_create"),
    path("<int:community_id>/network/join/", network.join, name="network_join"),
    path("<int:community_id>/network/board/", network.board, name="network_board"),
    path("<int:community_id>/network/board/<int:network_thread_id>/", network.thread, name="network_thread"),
    path("<int:community_id>/network/talks/", network.talks, name="network_talks"),
    path("<int:community_id>/network/newsletters/", network.newsletters, name="network_newsletters"),
    path("<int:community_id>/network/newsletters/<int:newsletter_id>/", network.newsletter,
         name="network_newsletter"),
    path("<int:community_id>/network/pulse/", network.pulses, name="network_pulses"),
    path("<int:community_id>/network/pulse/<int:pulse_id>/", network.pulse, name="network_pulse"),
    path("<int:community_id>/network/evaluation/", network.evaluation, name="network_evaluation"),
    path("<int:community_id>/network/evaluation/<int:evaluation_id>/", network.evaluation_survey,
         name="network_evaluation_survey"),
]
