"""The Israeli identity number: nine digits, the last a check digit (weights 1,2,1,2…, the digits of
each product summed, the total a multiple of ten). Shorter numbers are padded with zeros on the left."""

import re

NON_DIGITS = re.compile(r"[\s\-]")


def normalize_id_number(value: str) -> str:
    """The number as stored (nine digits), or "" when it is not a valid Israeli ID number."""
    text = NON_DIGITS.sub("", str(value or ""))
    if not text.isdigit() or not 5 <= len(text) <= 9:
        return ""
    text = text.zfill(9)
    if text == "000000000":
        return ""
    total = 0
    for index, digit in enumerate(text):
        product = int(digit) * (1 if index % 2 == 0 else 2)
        total += product if product < 10 else product - 9
    return text if total % 10 == 0 else ""


def with_check_digit(eight_digits: str) -> str:
    """Test and demo data: an eight-digit stem completed with its check digit."""
    stem = eight_digits.zfill(8)
    for last in "0123456789":
        if normalize_id_number(stem + last):
            return stem + last
    raise ValueError(eight_digits)
