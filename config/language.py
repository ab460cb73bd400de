"""Choosing the language: Django's set_language, reading the page's address in the page's
own language first. Otherwise, from /ru/... the address is read in the default language
(Kazakh, no prefix), cannot be translated, and the choice never leaves /ru/."""

from django.utils import translation
from django.views.i18n import set_language as django_set_language


def set_language(request):
    page_language = translation.get_language_from_path(
        request.POST.get("next") or request.GET.get("next") or ""
    )
    if page_language:
        translation.activate(page_language)
    return django_set_language(request)
