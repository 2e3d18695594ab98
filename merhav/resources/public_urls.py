from django.urls import path

from .views import public

app_name = "resources_public"
urlpatterns = [
    path("<str:link_token>/", public.public_needs, name="needs"),
]
