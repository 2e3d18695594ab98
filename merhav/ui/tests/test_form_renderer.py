"""The Python form renderer (merhav/ui/renderers.py) gives exactly the HTML of Django's templates, for every widget
kind, bound and unbound, with errors, help texts, fieldsets and optgroups; and for every form class of the project."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

import merhav
from merhav.ui.renderers import FastFormRenderer


class EveryWidget(forms.Form):
    text = forms.CharField(label="Name & <title>", help_text="Say <b>who</b>", max_length=20)
    email = forms.EmailField(required=False)
    number = forms.IntegerField(min_value=0, initial=1234567)
    decimal = forms.DecimalField(required=False, initial=1234.5)
    secret = forms.CharField(widget=forms.PasswordInput, required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, initial='a "quoted" value')
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}), initial="line <1>\nline 2")
    empty_notes = forms.CharField(widget=forms.Textarea, required=False)
    agree = forms.BooleanField(required=False, initial=True)
    day = forms.DateField(required=False, initial=dt.date(2026, 3, 1))
    at = forms.DateTimeField(required=False)
    kind = forms.ChoiceField(choices=[("", "—"), ("a", "Alpha & co"), ("b", "בית")], initial="b")
    grouped = forms.ChoiceField(choices=[("Group <1>", [("x", "X"), ("y", "Y")]), ("z", "Zed")], required=False)
    several = forms.MultipleChoiceField(choices=[(1, "One"), (2, "Two")], required=False, initial=[2])
    radio = forms.ChoiceField(choices=[("r", "Red"), ("g", "Green")], widget=forms.RadioSelect, required=False)
    boxes = forms.MultipleChoiceField(choices=[("Group", [("p", "P")]), ("q", "Q")], required=False,
                                      widget=forms.CheckboxSelectMultiple)
    safe_label = forms.CharField(label=mark_safe("<em>safe</em>"), required=False,
                                 widget=forms.TextInput(attrs={"disabled": True, "readonly": False,
                                                               "data-x": mark_safe("<i>")}))
    upload = forms.FileField(required=False)


def both(form_class, **kwargs) -> tuple[str, str]:
    """The two renderers' HTML; Django's with its one difference undone: it prints help_text as HTML, ours escapes
    it unless it is marked safe (test_a_help_text_is_escaped_unless_marked_safe)."""
    fast = form_class(renderer=FastFormRenderer(), **kwargs)
    slow = form_class(renderer=DjangoTemplates(), **kwargs)
    return (
        "".join(str(f.as_field_group()) + str(f) + str(f.label_tag()) + str(f.errors) for f in fast),
        "".join(str(f.as_field_group()) + str(f) + str(f.label_tag()) + str(f.errors) for f in slow)
        .replace(">Say <b>who</b><", ">Say &lt;b&gt;who&lt;/b&gt;<"),
    )


def test_a_help_text_is_escaped_unless_marked_safe():
    """A help text may carry data (the intake questionnaire's questions are written by an authority's staff): it is
    text, unless the code marks it safe (the password rules' list)."""

    class Help(forms.Form):
        typed = forms.CharField(help_text='<img src=x onerror="alert(1)"> & more')
        marked = forms.CharField(help_text=mark_safe("<ul><li>rule</li></ul>"))

    html = str(Help(renderer=FastFormRenderer()))
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; more" in html and "<img" not in html
    assert "<ul><li>rule</li></ul>" in html


@pytest.mark.parametrize("language", ["he", "en"])
def test_every_widget_unbound(settings, language):
    from django.utils import translation

    with translation.override(language):
        fast, slow = both(EveryWidget, initial={"text": "<script>"})
    assert fast == slow


def test_every_widget_bound_with_errors():
    data = {"text": "x" * 30, "email": "not an email", "number": "-1", "kind": "nope", "grouped": "y",
            "several": ["1", "3"], "radio": "g", "boxes": ["p"], "day": "31.02.2026", "notes": ""}
    fast, slow = both(EveryWidget, data=data)
    assert "errorlist" in fast
    assert fast == slow


def test_a_fieldset_field():
    class Choose(forms.Form):
        colours = forms.MultipleChoiceField(choices=[("r", "Red")], widget=forms.CheckboxSelectMultiple,
                                            help_text="Pick")

    for kwargs in ({}, {"data": {}}):
        fast, slow = both(Choose, **kwargs)
        assert "<fieldset" in fast
        assert fast == slow


def project_forms() -> list[type[forms.BaseForm]]:
    found: dict[str, type[forms.BaseForm]] = {}
    for module_info in pkgutil.walk_packages(merhav.__path__, "merhav."):
        name = module_info.name
        if ".tests" in name or ".migrations" in name or ".management" in name or not (
                name.endswith(".forms") or ".forms." in name):
            continue
        module = importlib.import_module(name)
        for obj in vars(module).values():
            if (inspect.isclass(obj) and issubclass(obj, forms.BaseForm) and obj.__module__ == name
                    and not getattr(obj, "_meta", None) or (inspect.isclass(obj) and issubclass(obj, forms.Form)
                                                              and obj.__module__ == name)):
                found[f"{name}.{obj.__name__}"] = obj
    return [found[key] for key in sorted(found)]


def test_every_plain_form_of_the_project_renders_the_same(db):
    checked = 0
    for form_class in project_forms():
        try:
            fast, slow = both(form_class)
        except TypeError:  # needs arguments of its own (an authority, a user): the widgets are covered above
            continue
        assert fast == slow, form_class
        checked += 1
    assert checked >= 5
