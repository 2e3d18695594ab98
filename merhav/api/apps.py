from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "merhav.api"
    label = "api"
