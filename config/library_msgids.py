"""Text of Django's and DRF's that they ship no Kazakh for, kept in our catalogue.

The project's catalogue (LOCALE_PATHS) wins over Django's and DRF's, so the Kazakh (and
Russian) translations live in ``locale/``. ``makemessages`` extracts only the project's own
files, never the libraries': the marks below keep these msgids in the catalogue on every run.
They must equal the libraries' text exactly (``tests/dashboard/test_trial_findings.py`` and
``tests/config/test_validation_strings.py`` check them against the installed versions).
Nothing imports this module at run time; it exists for the extractor.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

# The dashboards, their drill-down lists and the 403 page extend the admin's base template
# (``admin/base.html``, ``admin/color_theme_toggle.html``; the back office's pages also
# ``admin/nav_sidebar.html``): without these a Kazakh page says "Skip to main content" and
# "Toggle theme (current theme: auto)" in English.
ADMIN_TEMPLATE_MSGIDS = (
    # admin/base.html
    gettext_noop("Skip to main content"),
    gettext_noop("Breadcrumbs"),
    gettext_noop("View site"),
    # admin/color_theme_toggle.html
    gettext_noop("Toggle theme (current theme: auto)"),
    gettext_noop("Toggle theme (current theme: light)"),
    gettext_noop("Toggle theme (current theme: dark)"),
    # admin/nav_sidebar.html
    gettext_noop("Toggle navigation"),
    gettext_noop("Sidebar"),
    gettext_noop("Start typing to filter…"),
    gettext_noop("Filter navigation items"),
)

# Form and API errors must read in the page's language: a Kazakh page said "Null characters
# are not allowed." in English (django/core/validators.py, rest_framework/fields.py).
VALIDATION_MSGIDS = (
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
