"""Drive one realistic case through the real services, as the users of the right roles, on a
simulated clock that crosses real calendar days (Nauryz 2025 included), and show every step
with its due instant from the working-time calendar. At the end the dashboard's summary tables
are rebuilt whole, so the case shows in the supervisors' period figures.

    python manage.py walkthrough --scenario granted|refusal|expiry [--json]
"""

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext

from approvals.models import ApprovingBody
from landplots.models import Applicant, Application, Provider, Purpose, State, Tariff, UseRight
from workflow import clock
from workflow.dashboard.refresh import stats_refresh
from workflow.management.commands.dashboard_refresh import refresh_report
from workflow.models import Deadline, Official
from workflow.roles import Role
from workflow.services import cases
from workflow.services.sweep import sweep_run

ALMATY = ZoneInfo("Asia/Almaty")
SCENARIOS = ("granted", "refusal", "expiry")

# A tiny valid PDF stands in for the scanned documents.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2025, month, day, hour, minute, tzinfo=ALMATY)


def pdf(name: str) -> ContentFile:
    return ContentFile(PDF, name=name)


AREA_HA = Decimal("0.1000")
INVOICE_AT = at(4, 23, 14, 30)


BODY_ROLE = {
    ApprovingBody.Kind.STATE_BODY: Role.BODY_OFFICER,
    ApprovingBody.Kind.NATURAL_MONOPOLY: Role.MONOPOLY_OFFICER,
    ApprovingBody.Kind.STATE_CORPORATION: Role.STATE_CORP,
}


@dataclass
class Cast:
    provider: Provider
    applicant: Applicant
    officials: dict
    bodies: dict
    # body pk -> the officer who answers that body's requests
    officers: dict

    def user(self, role: str):
        return self.officials[role]

    def officer(self, body: ApprovingBody):
        return self.officers[body.pk]


def ensure_cast() -> Cast:
    """The akimat of Nauryzbay district of Almaty, its officials, the bodies it consults, the
    State Corporation's tariff and an individual applicant: created when missing, reused
    otherwise (a fresh database and the demo one both work).

    The act goes to every body the district consults (the demo district consults about ten),
    so each of them gets an officer here, before any case is filed: a set-up that cannot
    answer the whole round fails before it leaves a half-driven case behind."""
    city, _created = Provider.objects.get_or_create(
        code="ALM",
        defaults={
            "name_kk": "Алматы қаласының әкімдігі",
            "name_ru": "Акимат города Алматы",
            "name_en": "Akimat of Almaty",
            "level": Provider.Level.CITY_REPUBLICAN,
        },
    )
    provider, _created = Provider.objects.get_or_create(
        code="ALM-NAU",
        defaults={
            "name_kk": "Алматы қаласы Наурызбай ауданының әкімдігі",
            "name_ru": "Акимат Наурызбайского района города Алматы",
            "name_en": "Akimat of Nauryzbay district, Almaty",
            "level": Provider.Level.DISTRICT,
            "parent": city,
        },
    )
    bodies = {}
    for code, kind, name_kk, name_ru, name_en in (
        (
            "ALM-SES",
            ApprovingBody.Kind.STATE_BODY,
            "Алматы қаласының санитарлық-эпидемиологиялық бақылау департаменті",
            "Департамент санитарно-эпидемиологического контроля города Алматы",
            "Department of Sanitary and Epidemiological Control of Almaty",
        ),
        (
            "ALM-AZhK",
            ApprovingBody.Kind.NATURAL_MONOPOLY,
            "«Алатау Жарық Компаниясы» АҚ",
            "АО «Алатау Жарық Компаниясы»",
            "Alatau Zharyk Company JSC",
        ),
        (
            "GK-ALM",
            ApprovingBody.Kind.STATE_CORPORATION,
            "«Азаматтарға арналған үкімет» МК Алматы қаласы бойынша филиалы",
            "Филиал НАО «Правительство для граждан» по городу Алматы",
            "Almaty branch of the Government for Citizens State Corporation NJSC",
        ),
    ):
        # A district that already consults a body of this kind (the demo one) keeps its own
        # list: the walkthrough adds none of its bodies to it.
        body = (
            ApprovingBody.objects.filter(code=code).first()
            or provider.approving_bodies.filter(kind=kind).order_by("code").first()
            or ApprovingBody.objects.create(
                code=code, kind=kind, name_kk=name_kk, name_ru=name_ru, name_en=name_en
            )
        )
        body.providers.add(provider)
        bodies[kind] = body
    # The invoice is issued in April 2025: the demo's tariffs only start in 2026.
    if cases.tariff_for(AREA_HA, INVOICE_AT) is None:
        Tariff.objects.get_or_create(
            name="Жер-кадастрлық жоспар, 0,25 га дейін",
            valid_from=date(2024, 1, 1),
            defaults={"max_area_ha": Decimal("0.25"), "amount": Decimal("45000")},
        )
    officials = {}
    for role in (
        Role.CLERK,
        Role.LEADERSHIP,
        Role.ARCH_HEAD,
        Role.ARCH_EXECUTOR,
        Role.LAND_HEAD,
        Role.LAND_EXECUTOR,
    ):
        officials[role] = _official(f"wt-{role}", role, provider=provider)
    officers = {}
    for kind, body in bodies.items():
        role = BODY_ROLE[kind]
        officials[role] = officers[body.pk] = _official(f"wt-{role}", role, body=body)
    for body in provider.approving_bodies.order_by("code"):
        if body.pk not in officers:
            role = BODY_ROLE[body.kind]
            officers[body.pk] = _official(f"wt-{role}.{body.code.lower()}", role, body=body)
    user, _created = get_user_model().objects.get_or_create(
        username="wt-applicant", defaults={"email": "wt-applicant@example.kz"}
    )
    applicant, _created = Applicant.objects.get_or_create(
        user=user,
        defaults={
            "kind": Applicant.Kind.INDIVIDUAL,
            "iin": "760212350620",
            "last_name": "Сейітқали",
            "first_name": "Ерлан",
            "patronymic": "Бекболатұлы",
            "id_document": "Жеке куәлік № 043812295, ҚР ІІМ, 12.03.2019",
            "address": "Алматы қ., Наурызбай ауданы, Шұғыла ш/а, 7-үй",
            "phone": "+77017654321",
        },
    )
    return Cast(provider, applicant, officials, bodies, officers)


def _official(username: str, role: str, *, provider=None, body=None):
    """The login ``username`` as an official of ``role`` bound to ``provider`` or ``body``, in
    the role's group. An existing login bound elsewhere is an error, not a silent misfit."""
    group = Group.objects.filter(name=role).first()
    if group is None:
        raise CommandError(
            gettext("There is no group “%(role)s”: run “manage.py migrate” first.") % {"role": role}
        )
    user, _created = get_user_model().objects.get_or_create(
        username=username, defaults={"email": f"{username}@example.kz"}
    )
    official, _created = Official.objects.get_or_create(
        user=user, defaults={"role": role, "provider": provider, "body": body}
    )
    if (official.role, official.provider_id, official.body_id) != (
        role,
        provider.pk if provider else None,
        body.pk if body else None,
    ):
        raise CommandError(
            gettext(
                "The login “%(username)s” exists but is not a %(role)s of %(code)s: "
                "rename or remove it."
            )
            % {"username": username, "role": role, "code": (provider or body).code}
        )
    user.groups.add(group)
    return user


class Walk:
    """One case, its steps and the simulated clock."""

    def __init__(self, cast: Cast):
        self.cast = cast
        self.steps: list[dict] = []
        self.app = Application.objects.create(
            applicant=cast.applicant,
            provider=cast.provider,
            plot_address="Алматы қ., Наурызбай ауданы, Шұғыла ш/а, 15-учаске",
            area_ha=AREA_HA,
            purpose=Purpose.INDIVIDUAL_HOUSING,
            purpose_detail="Жеке тұрғын үй құрылысы",
            use_right=UseRight.TEMPORARY_PAID,
            consent=True,
            contact_phone="+77017654321",
            location_scheme=pdf("scheme.pdf"),
        )

    def due(self, step: str) -> datetime | None:
        row = (
            Deadline.objects.filter(application=self.app, step=step)
            .order_by("-started_at", "-pk")
            .first()
        )
        return row.due_at if row else None

    def act(self, when: datetime, role: str, action, *, due: datetime | None = None):
        with clock.frozen_at(when):
            action()
        self.app.refresh_from_db()
        self.steps.append(
            {
                "state": self.app.state,
                "role": str(role),
                "at": when.astimezone(ALMATY).isoformat(),
                "due": due.astimezone(ALMATY).isoformat() if due else None,
                "on_time": due is None or when <= due,
            }
        )

    def step(self, when: datetime, role: str, step_code: str, action):
        self.act(when, role, action, due=self.due(step_code))

    # --- the scenarios ------------------------------------------------------------------

    def through_dispatch(self):
        u, a = self.cast.user, self.app.pk
        # Thursday 20 March 2025, 17:05: the eve of Nauryz (21–25 March are days off).
        self.act(
            at(3, 20, 17, 5),
            Role.APPLICANT,
            lambda: cases.application_submit(application_id=a, actor=self.cast.applicant.user),
        )
        self.step(
            at(3, 20, 17, 12),
            Role.CLERK,
            "1.1",
            lambda: cases.application_register(application_id=a, actor=u(Role.CLERK)),
        )
        self.step(
            at(3, 26, 10),
            Role.LEADERSHIP,
            "1.2",
            lambda: cases.application_forward(application_id=a, actor=u(Role.LEADERSHIP)),
        )
        self.step(
            at(3, 26, 15),
            Role.ARCH_HEAD,
            "1.3",
            lambda: cases.executor_assign(
                application_id=a, actor=u(Role.ARCH_HEAD), executor=u(Role.ARCH_EXECUTOR)
            ),
        )
        self.step(
            at(4, 3, 11),
            Role.ARCH_EXECUTOR,
            "1.4",
            lambda: cases.act_dispatch(
                application_id=a,
                actor=u(Role.ARCH_EXECUTOR),
                draft_file=pdf("act.pdf"),
                situational_scheme=pdf("situational-scheme.pdf"),
                apz_file=pdf("apz.pdf"),
                apz_summary="Жеке тұрғын үй, 2 қабатқа дейін",
            ),
        )

    def answer(self, when: datetime, kind: str, role: str, answer: str, reasoning: str = ""):
        self.answer_request(
            self.app.approval_requests.select_related("body").get(body=self.cast.bodies[kind]),
            when,
            answer,
            reasoning,
        )

    def answer_request(self, request, when: datetime, answer: str, reasoning: str = ""):
        role = BODY_ROLE[request.body.kind]
        self.act(
            when,
            role,
            lambda: cases.conclusion_record(
                request_id=request.pk,
                actor=self.cast.officer(request.body),
                answer=answer,
                reasoning=reasoning,
                technical_conditions=pdf("tu.pdf") if answer == "positive" else None,
            ),
            due=request.due_at,
        )

    def through_act_sent(self):
        u, a = self.cast.user, self.app.pk
        self.through_dispatch()
        kinds = ApprovingBody.Kind
        # Every other body the district consults answers on Tuesday 8 April, within its time.
        others = (
            self.app.approval_requests.exclude(body__in=self.cast.bodies.values())
            .select_related("body")
            .order_by("body__code")
        )
        for i, request in enumerate(others):
            self.answer_request(request, at(4, 8, 10) + timedelta(minutes=10 * i), "positive")
        # The utility's technical conditions come a day after their 5 WD: marked late, valid.
        self.answer(at(4, 11, 10), kinds.NATURAL_MONOPOLY, Role.MONOPOLY_OFFICER, "positive")
        self.answer(at(4, 15, 16), kinds.STATE_BODY, Role.BODY_OFFICER, "positive")
        self.answer(at(4, 17, 11), kinds.STATE_CORPORATION, Role.STATE_CORP, "positive")
        self.step(
            at(4, 22, 12),
            Role.ARCH_EXECUTOR,
            "1.6",
            lambda: cases.final_act_prepare(
                application_id=a, actor=u(Role.ARCH_EXECUTOR), final_file=pdf("final-act.pdf")
            ),
        )
        self.step(
            at(4, 23, 10),
            Role.ARCH_HEAD,
            "1.8",
            lambda: cases.final_act_sign(application_id=a, actor=u(Role.ARCH_HEAD)),
        )
        self.step(
            INVOICE_AT,
            Role.STATE_CORP,
            "1.9",
            lambda: cases.invoice_issue(application_id=a, actor=u(Role.STATE_CORP)),
        )
        self.step(
            at(4, 23, 15),
            Role.ARCH_EXECUTOR,
            "1.9",
            lambda: cases.act_send(application_id=a, actor=u(Role.ARCH_EXECUTOR)),
        )

    def granted(self):
        u, a = self.cast.user, self.app.pk
        applicant = self.cast.applicant.user
        self.through_act_sent()
        self.step(
            at(4, 24, 20, 40),
            Role.APPLICANT,
            "1.10",
            lambda: cases.act_agree(application_id=a, actor=applicant),
        )
        self.step(
            at(4, 25, 9, 20),
            Role.APPLICANT,
            "1.10",
            lambda: cases.invoice_settle(application_id=a, reference="EPAY-2025-0425-7781"),
        )
        for when, role, code, action in (
            (
                at(5, 12, 16),
                Role.STATE_CORP,
                "2.1",
                lambda: cases.cadastral_plan_submit(
                    application_id=a,
                    actor=u(Role.STATE_CORP),
                    file=pdf("cadastral-plan.pdf"),
                    cadastral_number="20-321-045-118",
                ),
            ),
            (
                at(5, 14, 11),
                Role.LAND_HEAD,
                "2.2",
                lambda: cases.cadastral_plan_approve(
                    application_id=a, actor=u(Role.LAND_HEAD), executor=u(Role.LAND_EXECUTOR)
                ),
            ),
            (
                at(5, 19, 15),
                Role.LAND_EXECUTOR,
                "2.3",
                lambda: cases.decision_draft(
                    application_id=a,
                    actor=u(Role.LAND_EXECUTOR),
                    text="Уақытша өтеулі жер пайдалану құқығын беру туралы шешім",
                ),
            ),
            (
                at(5, 20, 10),
                Role.LEADERSHIP,
                "2.4",
                lambda: cases.decision_sign(application_id=a, actor=u(Role.LEADERSHIP)),
            ),
            (
                at(5, 20, 10, 9),
                Role.CLERK,
                "2.5",
                lambda: cases.decision_register(application_id=a, actor=u(Role.CLERK)),
            ),
        ):
            self.step(when, role, code, action)

    def refusal(self):
        u, a = self.cast.user, self.app.pk
        self.through_dispatch()
        self.answer(
            at(4, 9, 11),
            ApprovingBody.Kind.STATE_BODY,
            Role.BODY_OFFICER,
            "negative",
            "Учаске кәсіпорынның санитарлық-қорғаныш аймағында орналасқан.",
        )
        self.step(
            at(4, 10, 16),
            Role.ARCH_EXECUTOR,
            "1.7",
            lambda: cases.refusal_draft(
                application_id=a,
                actor=u(Role.ARCH_EXECUTOR),
                reasoning="Жер кодексінің 44-1-бабының 4-тармағы: келісуші органның теріс қорытындысы.",
            ),
        )
        self.step(
            at(4, 11, 10),
            Role.ARCH_HEAD,
            "1.8r",
            lambda: cases.refusal_sign(application_id=a, actor=u(Role.ARCH_HEAD)),
        )

    def expiry(self):
        self.through_act_sent()
        # The applicant neither agrees nor pays; the sweep runs on the minute the act's
        # 10 WD run out.
        due = self.due("1.11")
        self.act(due, Role.SYSTEM, lambda: sweep_run(now=due), due=due)


class Command(BaseCommand):
    # argparse needs plain strings: command help stays in English, like Django's own.
    help = "Drive one case through the real workflow on a simulated clock and show each step."

    def add_arguments(self, parser):
        parser.add_argument("--scenario", choices=SCENARIOS, required=True)
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args, scenario: str, json: bool = False, **options):
        expected = {"granted": State.GRANTED, "refusal": State.REFUSED, "expiry": State.ACT_EXPIRED}
        # One transaction: a run that fails half-way leaves no half-driven case behind.
        with transaction.atomic():
            walk = Walk(ensure_cast())
            getattr(walk, scenario)()
            walk.app.refresh_from_db()
            if walk.app.state != expected[scenario]:
                raise CommandError(
                    f"the {scenario} scenario ended in {walk.app.state}, not {expected[scenario]}"
                )
        # The case's clocks closed at simulated instants in the past, before the newest one
        # the periodic refresh has copied, which it would therefore never pick up: rebuild
        # the summary tables whole (as `manage.py dashboard_refresh --full` does).
        refreshed = stats_refresh(full=True)
        result = {
            "scenario": scenario,
            "final_state": walk.app.state,
            "steps": walk.steps,
            "dashboard_refresh": refreshed,
        }
        if json:
            self.stdout.write(_dumps(result))
            return
        self.stdout.write(f"{walk.app.number}: {scenario} → {walk.app.state}")
        self.stdout.write(f"{'state':<28} {'role':<17} {'at':<17} {'due':<17} on time")
        for step in walk.steps:
            self.stdout.write(
                f"{step['state']:<28} {step['role']:<17} {_short(step['at']):<17} "
                f"{_short(step['due']):<17} {'yes' if step['on_time'] else 'LATE'}"
            )
        self.stdout.write(refresh_report(refreshed, full=True))


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def _short(iso: str | None) -> str:
    return iso[:16].replace("T", " ") if iso else "—"
