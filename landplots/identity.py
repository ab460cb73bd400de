"""Kazakhstan identification numbers: IIN of a person, BIN of an entity.

Both are 12 digits with a check digit computed the same way: s = Σ d[i]·i (i = 1..11) mod 11;
when s is 10, the weights 3..11, 1, 2 are used instead; a number for which both passes give 10
is never issued.
"""

from datetime import date

_FIRST_WEIGHTS = tuple(range(1, 12))
_SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
# The 7th digit of an IIN: the century of birth (and sex, which we do not use).
_CENTURY = {"1": 1800, "2": 1800, "3": 1900, "4": 1900, "5": 2000, "6": 2000}


def check_digit(first_eleven: str) -> int | None:
    digits = [int(c) for c in first_eleven]
    s = sum(d * w for d, w in zip(digits, _FIRST_WEIGHTS, strict=True)) % 11
    if s == 10:
        s = sum(d * w for d, w in zip(digits, _SECOND_WEIGHTS, strict=True)) % 11
        if s == 10:
            return None
    return s


def has_valid_check_digit(number: str) -> bool:
    if len(number) != 12 or not number.isdigit():
        return False
    expected = check_digit(number[:11])
    return expected is not None and expected == int(number[11])


def birth_date_from_iin(iin: str) -> date | None:
    if len(iin) != 12 or not iin.isdigit() or iin[6] not in _CENTURY:
        return None
    try:
        return date(_CENTURY[iin[6]] + int(iin[0:2]), int(iin[2:4]), int(iin[4:6]))
    except ValueError:
        return None


def iin_problem(value: str) -> str | None:
    """Why ``value`` is not a valid IIN, in words a person understands; None when it is."""
    from django.utils.translation import gettext as _

    if len(value) != 12 or not value.isdigit():
        return _("An IIN is exactly 12 digits.")
    if birth_date_from_iin(value) is None:
        return _("The first seven digits of an IIN must encode a real birth date.")
    if not has_valid_check_digit(value):
        return _("This IIN is not valid: its check digit does not match.")
    return None


def bin_problem(value: str) -> str | None:
    from django.utils.translation import gettext as _

    if len(value) != 12 or not value.isdigit():
        return _("A BIN is exactly 12 digits.")
    if not 1 <= int(value[2:4]) <= 12:
        return _("Digits 3–4 of a BIN are the month of registration (01–12).")
    if value[4] not in "456":
        return _("The 5th digit of a BIN is the entity type (4, 5 or 6).")
    if not has_valid_check_digit(value):
        return _("This BIN is not valid: its check digit does not match.")
    return None
