"""The authority's navigation entry for learning communities (the communities themselves are national:
merhav.communities.urls, at /communities/)."""

from django.urls import path

from .views import communities

app_name = "communities_here"
urlpatterns = [path("", communities.authority_index, name="index")]
