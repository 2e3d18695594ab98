"""Templates are compiled once per process: Django's cached loader wraps the loaders (it does when TEMPLATES
names no `loaders`; naming them without the cached loader would parse every template on every request)."""

from django.template import engines
from django.template.loaders.cached import Loader as CachedLoader


def test_the_cached_template_loader_is_used():
    assert isinstance(engines["django"].engine.template_loaders[0], CachedLoader)
