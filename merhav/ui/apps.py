from django.apps import AppConfig


class UiConfig(AppConfig):
    name = "merhav.ui"
    label = "ui"
