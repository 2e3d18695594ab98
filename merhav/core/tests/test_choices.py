"""merhav.core.choices.label gives what get_FOO_display() gives: the choice's label in the active language, or
the value itself when it is not a choice."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from merhav.core.choices import label


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")


def test_the_label_in_the_active_language():
    with translation.override("he"):
        assert label(Answer, "yes") == str(_("Yes")) == "כן"
    with translation.override("en"):
        assert label(Answer, "no") == "No"


def test_a_value_that_is_not_a_choice_is_shown_as_it_is():
    assert label(Answer, "maybe") == "maybe"
    assert label(Answer, "") == ""
