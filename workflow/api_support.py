"""Plumbing shared by the API of every app: pagination, throttles and the content check of
uploaded documents. DRF imports this module while it builds APIView: it must not import views."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle, UserRateThrottle

from landplots.uploads import DocumentRejected, checked_document

# A page of cases stays one cheap query: a client that wants more pages asks for them.
MAX_PAGE_SIZE = 100


class Pagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


class _RatesAtCallTime:
    """DRF copies the rates into the class when it is imported; reading them per request lets
    a setting (or a test) change them without a restart."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonThrottle(_RatesAtCallTime, AnonRateThrottle):
    pass


class UserThrottle(_RatesAtCallTime, UserRateThrottle):
    pass


class ScopedThrottle(_RatesAtCallTime, ScopedRateThrottle):
    pass


MAX_ID = 2**63 - 1  # the largest id a bigint column holds


class IdFilter(django_filters.NumberFilter):
    """A row id: an integer the database can hold, or 400 (a huge number is not a 500)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class IdParam(serializers.IntegerField):
    """A row id in a query serializer, as IdFilter is in a filter set."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


# --- Uploaded documents ----------------------------------------------------------------------


class DocumentField(serializers.FileField):
    """A PDF, JPEG or PNG within the upload limit, checked by content (``landplots.uploads``).
    The file is renamed to ``document.<kind>``: the stored name is ours (the models add a
    random one), the applicant's file name and extension never reach the disk. The API keeps
    its own wording of the two failures."""

    default_error_messages = {
        "kind": _("Upload a PDF, JPEG or PNG file."),
        "size": _("The file is larger than {limit} MB."),
    }

    def to_internal_value(self, data):
        upload = super().to_internal_value(data)
        try:
            return checked_document(upload, "document")
        except DocumentRejected as rejected:
            self.fail(rejected.code, limit=rejected.limit_mb)
