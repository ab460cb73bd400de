"""The OpenAPI schema class of the API."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema

from workflow.api_errors import ErrorSerializer


class ApiSchema(AutoSchema):
    """Every operation documents the error shape for the statuses the API can answer with."""

    ERROR_CODES = {
        "400": _("Bad input: the message and the field errors say what to fix."),
        "401": _("Not authenticated."),
        "403": _("Your role may not do this."),
        "404": _("Not found, or not in your scope."),
        "409": _("The case is not in a state where this can be done now."),
        "429": _("Too many requests; retry later."),
    }

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, description in self.ERROR_CODES.items():
            if code not in responses:
                body = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                body["description"] = str(description)
                responses[code] = body
        return responses
