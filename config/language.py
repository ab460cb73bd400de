"""Choosing the language: Django's set_language, reading the page's address in the page's
own language first. Otherwise, from /ru/... the address is read in the default language
(Kazakh, no prefix), cannot be translated, and the choice never leaves /ru/. The API, whose
addresses have no prefix, answers in the language of the client's Accept-Language header."""

from django.conf import settings
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.i18n import set_language as django_set_language


def set_language(request):
    page_language = translation.get_language_from_path(
        request.POST.get("next") or request.GET.get("next") or ""
    )
    if page_language:
        translation.activate(page_language)
    return django_set_language(request)


class ApiLanguageMiddleware:
    """The API speaks the language its client asks for in Accept-Language (the site's default,
    Kazakh, when it asks for none we have). Its paths take no language prefix, and
    LocaleMiddleware, since the site uses i18n_patterns without a prefix for the default
    language, reads every unprefixed path as Kazakh. The pages keep their prefix (/ru/… is
    Russian, / Kazakh, whatever the header says); a language cookie set on the portal does not
    choose the API's language either. Goes after LocaleMiddleware."""

    PREFIX = "/api/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(self.PREFIX):
            translation.activate(_accepted_language(request.headers.get("Accept-Language", "")))
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


def _accepted_language(header: str) -> str:
    """The first language of an Accept-Language header, by quality, that the site speaks
    (``ru-RU`` is ``ru``); the site's default when there is none."""
    for code, _quality in parse_accept_lang_header(header):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE
