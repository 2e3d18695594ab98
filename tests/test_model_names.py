"""Every model of Merhav has a name in every language: the audit log, the admin and the error messages name a
row by its model's verbose name ("Plan action #12"), and a name Django made from the class name is English
in a Hebrew page."""

import re

import pytest
from django.apps import apps
from django.utils import translation
from django.utils.functional import Promise

SCRIPTS = {"he": re.compile(r"[\u0590-\u05FF]"), "ar": re.compile(r"[\u0600-\u06FF]")}


def merhav_models():
    return [model for model in apps.get_models() if model.__module__.startswith("merhav.")]


@pytest.mark.parametrize("language", ["he", "ar"])
def test_every_model_is_named_in_the_language(language):
    unnamed, untranslated = [], []
    for model in merhav_models():
        for option in ("verbose_name", "verbose_name_plural"):
            name = model._meta.original_attrs.get(option)
            if not isinstance(name, Promise):
                unnamed.append(f"{model._meta.label}.{option}")
                continue
            with translation.override(language):
                if not SCRIPTS[language].search(str(name)):
                    untranslated.append(f"{model._meta.label}.{option}: {name}")
    assert not unnamed, f"Meta.{{verbose_name, verbose_name_plural}} = _('…') missing: {unnamed}"
    assert not untranslated, f"not translated into {language} (locale/{language}/LC_MESSAGES/django.po): {untranslated}"
