"""collectstatic without what the app never serves. django-ninja ships Redoc beside Swagger UI; Merhav's API
docs are Swagger UI (served from our static files), and Redoc's bundle points at a CDN. Left out, nothing
collected refers to the internet (tests/test_static_offline.py)."""

from django.contrib.staticfiles.apps import StaticFilesConfig


class MerhavStaticFilesConfig(StaticFilesConfig):
    ignore_patterns = [*StaticFilesConfig.ignore_patterns, "ninja/redoc.standalone.js*"]
