"""The actors of SPEC.md §1 as roles. Each role is a Django group of the same name with the
permissions of the steps it owns (see ``workflow.permissions``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    CLERK = "clerk", _("Provider office clerk")
    LEADERSHIP = "leadership", _("Provider leadership")
    ARCH_HEAD = "arch_head", _("Architecture authority head")
    ARCH_EXECUTOR = "arch_executor", _("Architecture authority executor")
    BODY_OFFICER = "body_officer", _("Approving body officer")
    MONOPOLY_OFFICER = "monopoly_officer", _("Natural monopoly officer")
    STATE_CORP = "state_corp", _("State Corporation operator")
    LAND_HEAD = "land_head", _("Land-relations authority head")
    LAND_EXECUTOR = "land_executor", _("Land-relations authority executor")
    ICT_OFFICER = "ict_officer", _("ICT officer")
    QUALITY_REVIEWER = "quality_reviewer", _("Quality-control reviewer")
    SUPERVISOR = "supervisor", _("Supervisor")
    SYSTEM = "system", _("System")


# Roles whose scope is one service provider's cases.
PROVIDER_ROLES = frozenset(
    {
        Role.CLERK,
        Role.LEADERSHIP,
        Role.ARCH_HEAD,
        Role.ARCH_EXECUTOR,
        Role.LAND_HEAD,
        Role.LAND_EXECUTOR,
        Role.ICT_OFFICER,
    }
)
# Roles whose scope is one approving body (and the cases of the providers it serves).
BODY_ROLES = frozenset({Role.BODY_OFFICER, Role.MONOPOLY_OFFICER, Role.STATE_CORP})
# Roles whose scope is the whole country, or one region when a region is set.
OVERSIGHT_ROLES = frozenset({Role.SUPERVISOR, Role.QUALITY_REVIEWER})
