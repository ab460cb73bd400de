"""One error shape for the whole API.

Every refusal, whatever raised it (a domain error of ``workflow.services.errors``, a django-fsm
``TransitionNotAllowed``, a DRF validation or authentication error, a calendar year we do not
ship), reaches the client as::

    {"error": {"status": 409, "message": "<for a person>", "fields": {"name": ["..."]}}}

so that the portal, the bodies' systems and monitoring parse one thing.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransition, TransitionNotAllowed
from rest_framework import exceptions, serializers, status
from rest_framework.views import exception_handler as drf_exception_handler

from workflow.services.errors import WorkflowError
from workflow.working_time import CalendarYearMissing

INVALID_INPUT = _("Some of the data is missing or not valid.")
NOT_FOUND = _("Not found, or not in your scope.")
STEP_NOT_OPEN = _(
    "The case has already moved on (another official may have acted on it). "
    "Reload it to see its current state."
)
CALENDAR_YEAR_MISSING = _("The working-time calendar does not cover that year.")


class ApiError(exceptions.APIException):
    """A domain error carried through DRF's handler (which adds the auth and throttle headers)."""

    def __init__(self, *, status_code: int, message, fields: dict | None = None):
        super().__init__(detail=str(message))
        self.status_code = status_code
        self.fields = fields or {}


def _as_api_error(exc):
    if isinstance(exc, WorkflowError):
        return ApiError(status_code=exc.status, message=exc.message, fields=exc.field_errors)
    if isinstance(exc, TransitionNotAllowed | ConcurrentTransition):
        return ApiError(status_code=status.HTTP_409_CONFLICT, message=STEP_NOT_OPEN)
    if isinstance(exc, CalendarYearMissing):
        return ApiError(status_code=status.HTTP_400_BAD_REQUEST, message=CALENDAR_YEAR_MISSING)
    if isinstance(exc, Http404):
        return ApiError(status_code=status.HTTP_404_NOT_FOUND, message=NOT_FOUND)
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    if isinstance(exc, DjangoValidationError):
        fields = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        return ApiError(
            status_code=status.HTTP_400_BAD_REQUEST, message=INVALID_INPUT, fields=fields
        )
    return exc


def _fields_of(detail) -> dict:
    if isinstance(detail, dict):
        return {
            key: value if isinstance(value, list | dict) else [value]
            for key, value in detail.items()
        }
    if isinstance(detail, list):
        return {"non_field_errors": detail}
    return {}


def api_exception_handler(exc, context):
    exc = _as_api_error(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        # Anything else is a bug: let it be a logged 500 rather than hide it.
        return None
    if isinstance(exc, ApiError):
        message, fields = exc.detail, exc.fields
    elif isinstance(exc, exceptions.ValidationError):
        fields = _fields_of(exc.detail)
        message = INVALID_INPUT
        if list(fields) == ["non_field_errors"] and fields["non_field_errors"]:
            message = fields["non_field_errors"][0]
    elif isinstance(exc, exceptions.APIException):
        message, fields = exc.detail, {}
        if isinstance(message, dict | list):
            fields, message = _fields_of(message), INVALID_INPUT
    else:
        message, fields = response.status_text, {}
    response.data = {
        "error": {"status": response.status_code, "message": str(message), "fields": fields}
    }
    return response


class ErrorBodySerializer(serializers.Serializer):
    status = serializers.IntegerField()
    message = serializers.CharField()
    fields = serializers.DictField(
        child=serializers.JSONField(), help_text=_("Messages per input field.")
    )


class ErrorSerializer(serializers.Serializer):
    """The one error shape of the API."""

    error = ErrorBodySerializer()
