"""Domain errors. The web, admin and API layers map them to 400, 403, 404 and 409 with the
message as it is written here, for a person to read."""

from django.utils.translation import gettext_lazy as _


class WorkflowError(Exception):
    status = 400
    default_message = _("The request cannot be carried out.")

    def __init__(self, message=None, *, field_errors: dict | None = None):
        self.message = message or self.default_message
        self.field_errors = field_errors or {}
        super().__init__(str(self.message))


class InvalidInput(WorkflowError):
    status = 400
    default_message = _("Some of the data is missing or not valid.")


class NotPermitted(WorkflowError):
    status = 403
    default_message = _("Your role may not carry out this step.")


class NotFound(WorkflowError):
    status = 404
    default_message = _("No such case in your scope.")


class Conflict(WorkflowError):
    status = 409
    default_message = _(
        "The case has already moved on (another official may have acted on it). "
        "Reload it to see its current state."
    )
