"""The app works with no internet: no static file that collectstatic would gather loads anything from a CDN
or another site (fonts, scripts, images)."""

import re

from django.apps import apps
from django.contrib.staticfiles import finders

REMOTE = re.compile(rb"(cdn\.|cdnjs|unpkg\.com|jsdelivr|googleapis\.com|gstatic\.com|fonts\.googleapis)", re.I)


def test_no_collected_static_file_refers_to_a_cdn():
    ignore = apps.get_app_config("staticfiles").ignore_patterns
    offenders = []
    for finder in finders.get_finders():
        for path, storage in finder.list(ignore):
            if path.endswith((".js", ".css", ".html", ".svg", ".json")):
                with storage.open(path) as handle:
                    if REMOTE.search(handle.read()):
                        offenders.append(path)
    assert not offenders, f"static files that load from the internet: {offenders}"
