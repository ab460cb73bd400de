"""A small, complete world for workflow tests: one provider with its officials, the bodies it
consults, a tariff, and an applicant."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import Group

from approvals.models import ApprovingBody
from landplots.models import Tariff
from tests.factories import ApplicantFactory, ApplicationFactory, ProviderFactory, UserFactory
from workflow.models import Official
from workflow.roles import BODY_ROLES, PROVIDER_ROLES, Role


@dataclass
class World:
    provider: object
    other_provider: object
    state_body: object
    utility: object
    state_corp: object
    users: dict
    applicant: object

    def user(self, role: str):
        return self.users[role]

    def application(self, **kwargs):
        return ApplicationFactory(applicant=self.applicant, provider=self.provider, **kwargs)


def official(role: str, *, provider=None, body=None, username=None):
    user = UserFactory(
        username=username or f"{role}-{provider.code if provider else body.code}", is_staff=True
    )
    Official.objects.create(user=user, role=role, provider=provider, body=body)
    user.groups.add(Group.objects.get(name=role))
    return user


def build_world() -> World:
    provider = ProviderFactory(code="ALM-NAU", name_ru="Акимат Наурызбайского района")
    other = ProviderFactory(code="ALM-MED", name_ru="Акимат Медеуского района")
    state_body = ApprovingBody.objects.create(
        code="SES",
        name_kk="Санитарлық-эпидемиологиялық бақылау",
        name_ru="СЭК",
        kind=ApprovingBody.Kind.STATE_BODY,
    )
    utility = ApprovingBody.objects.create(
        code="AZHK",
        name_kk="Алатау Жарық Компаниясы",
        name_ru="АЖК",
        kind=ApprovingBody.Kind.NATURAL_MONOPOLY,
    )
    state_corp = ApprovingBody.objects.create(
        code="GK",
        name_kk="Азаматтарға арналған үкімет",
        name_ru="Правительство для граждан",
        kind=ApprovingBody.Kind.STATE_CORPORATION,
    )
    for body in (state_body, utility, state_corp):
        body.providers.add(provider, other)
    Tariff.objects.create(
        name="До 0,25 га",
        max_area_ha=Decimal("0.25"),
        amount=Decimal("45000"),
        valid_from=date(2020, 1, 1),
    )
    Tariff.objects.create(
        name="Свыше 0,25 га", max_area_ha=None, amount=Decimal("90000"), valid_from=date(2020, 1, 1)
    )
    users = {}
    for role in PROVIDER_ROLES:
        users[role] = official(role, provider=provider)
    users[Role.BODY_OFFICER] = official(Role.BODY_OFFICER, body=state_body)
    users[Role.MONOPOLY_OFFICER] = official(Role.MONOPOLY_OFFICER, body=utility)
    users[Role.STATE_CORP] = official(Role.STATE_CORP, body=state_corp)
    users[Role.SUPERVISOR] = official(Role.SUPERVISOR, username="supervisor")
    users[Role.QUALITY_REVIEWER] = official(Role.QUALITY_REVIEWER, username="quality")
    assert set(users) >= set(PROVIDER_ROLES) | set(BODY_ROLES)
    applicant = ApplicantFactory()
    return World(provider, other, state_body, utility, state_corp, users, applicant)
