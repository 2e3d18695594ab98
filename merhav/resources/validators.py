"""Israeli registration numbers: an amuta's (עמותה) number has nine digits, starts with 58, and ends with
the check digit of the Israeli identity-number scheme (digits weighted 1, 2, 1, 2…; a product above 9
loses 9; the sum is a multiple of ten). A company's number has the same form, starting with 51 or 52."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_DIGITS = re.compile(r"\d{9}")


def has_valid_check_digit(number: str) -> bool:
    total = 0
    for index, char in enumerate(number):
        product = int(char) * (1 if index % 2 == 0 else 2)
        total += product - 9 if product > 9 else product
    return total % 10 == 0


def normalize_registration_number(value: str) -> str:
    """Digits only: "58-012345-6" and " 580123456 " are the same number."""
    return re.sub(r"[\s\-./]", "", value or "")


def validate_registration_number(value: str, *, amuta: bool) -> str:
    """The number as stored, or a ValidationError that says what is wrong with it."""
    number = normalize_registration_number(value)
    if not number:
        if amuta:
            raise ValidationError(_("A registered non-profit (amuta) needs its registration number."))
        return ""
    if not _DIGITS.fullmatch(number):
        raise ValidationError(_("A registration number has nine digits, e.g. 580123453."))
    if amuta and not number.startswith("58"):
        raise ValidationError(_("An amuta's registration number starts with 58."))
    if not has_valid_check_digit(number):
        raise ValidationError(_("This registration number is not valid: its check digit does not match."))
    return number


def with_check_digit(first_eight: str) -> str:
    """The nine-digit number whose first eight digits are given (for tests and demo data)."""
    for digit in "0123456789":
        if has_valid_check_digit(first_eight + digit):
            return first_eight + digit
    raise ValueError(first_eight)
