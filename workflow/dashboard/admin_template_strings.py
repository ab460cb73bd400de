"""Text of Django's admin templates that Django ships no Kazakh for.

The dashboards, their drill-down lists and the 403 page extend the admin's base template
(``admin/base.html``, ``admin/color_theme_toggle.html``; the back office's pages also
``admin/nav_sidebar.html``), so without these a Kazakh page says "Skip to main content" and
"Toggle theme (current theme: auto)" in English. The project's catalogue (LOCALE_PATHS) wins
over Django's, so the Kazakh (and Russian) translations live in ``locale/``.

``makemessages`` extracts only from the project's own files, never from Django's templates:
the marks below keep these msgids in the catalogue on every run. They must equal the admin
templates' text exactly (``tests/dashboard/test_trial_findings.py`` checks them against the
installed Django). Nothing imports this module; it exists for the extractor.
"""

from django.utils.translation import gettext_noop

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
