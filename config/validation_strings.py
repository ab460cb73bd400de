"""Django's and DRF's validation messages that they ship no Kazakh for.

A form or API error must read in the page's language (a Kazakh page said "Null characters are
not allowed." in English). The project's catalogue (LOCALE_PATHS) wins over Django's and DRF's,
so the translations live in ``locale/``; ``makemessages`` extracts only the project's files,
and the marks below keep these msgids in the catalogue on every run. They must equal the
libraries' text exactly (``tests/config/test_validation_strings.py`` checks them against the
installed versions). Nothing imports this module; it exists for the extractor.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

VALIDATION_MSGIDS = (
    # django/core/validators.py, rest_framework/fields.py
    gettext_noop("Null characters are not allowed."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("Enter a valid integer."),
    gettext_noop("Enter a complete value."),
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
    ngettext_lazy(
        "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
)
