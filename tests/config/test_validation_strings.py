"""Django's validation messages that it ships no Kazakh for read in Kazakh on our pages and in
our API (config/library_msgids.py keeps them in the catalogue)."""

import pytest
from django import forms
from django.core import validators
from django.utils import translation

from config.library_msgids import VALIDATION_MSGIDS


def test_the_marked_msgids_are_djangos_own():
    # a changed text in a new Django would leave the mark translating nothing
    assert str(validators.ProhibitNullCharactersValidator.message) in VALIDATION_MSGIDS
    assert str(validators.EmailValidator.message) in VALIDATION_MSGIDS
    for validator, marked in (
        (validators.MaxLengthValidator(12), VALIDATION_MSGIDS[4]),
        (validators.MinLengthValidator(12), VALIDATION_MSGIDS[5]),
    ):
        for n in (1, 20):
            values = {"limit_value": n, "show_value": n + 1}
            with translation.override("en"):
                assert validator.message % values == marked % values


@pytest.mark.parametrize(
    "value, message",
    [
        ("ALMNAUXXXXXXXXXXXXXX", "Бұл мән ең көбі 12 таңбадан тұруы тиіс (қазір 20)."),
        ("A\x00B", "Нөлдік таңбаларға рұқсат етілмейді."),
    ],
)
def test_a_kazakh_form_error_is_in_kazakh(value, message):
    field = forms.CharField(max_length=12)
    with translation.override("kk"):
        with pytest.raises(forms.ValidationError) as error:
            field.clean(value)
        assert error.value.messages == [message]
