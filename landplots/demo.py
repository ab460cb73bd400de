"""Demo data: a provider hierarchy with real Kazakhstan place names, the bodies each provider
consults, the cadastral-works tariffs, one user per role, demo applicants and applications at
several stages. Used by ``manage.py seed_demo``.

Idempotent: reference rows are found by their natural keys and never rewritten, and each
demo application is found by its applicant and plot address, so a second run changes nothing.
Applications are driven through the services of ``workflow.services.cases`` at frozen instants,
so their clocks, case numbers, logs and notices are the ones a real case would have. Closed
cases are set at fixed dates in 2026; open cases are set a few working days before today, so
their clocks are still running (a fixed date would leave them long overdue, and the expiry
sweep would close the case that waits on the applicant). The submitted case is filed at the
instant of seeding: its registration has only 15 working minutes. Every case's steps follow
one another in time, each registration within its 15 working minutes of receipt.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import cache
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction

from approvals.models import ApprovalRequest, ApprovingBody
from landplots.identity import check_digit
from landplots.models import Applicant, Application, Payment, Provider, Purpose, Tariff, UseRight
from landplots.services import application_sign_and_submit
from workflow import clock, working_time
from workflow.dashboard.refresh import stats_refresh
from workflow.models import Deadline, Official
from workflow.roles import PROVIDER_ROLES, Role
from workflow.services import cases

ALMATY = ZoneInfo("Asia/Almaty")
DEMO_PASSWORD = "demo12345"
EMAIL_DOMAIN = "example.kz"

# --- Providers (Annex 2 row 1) --------------------------------------------------------------

L = Provider.Level
# code, parent, level, Kazakh, Russian, English
PROVIDERS: tuple[tuple[str, str | None, str, str, str, str], ...] = (
    ("ALM", None, L.CITY_REPUBLICAN, "Алматы қаласының әкімдігі", "Акимат города Алматы",
     "Akimat of Almaty city"),
    ("ALM-NAU", "ALM", L.DISTRICT, "Алматы қаласы Наурызбай ауданының әкімдігі",
     "Акимат Наурызбайского района города Алматы", "Akimat of Nauryzbay district, Almaty"),
    ("ALM-MED", "ALM", L.DISTRICT, "Алматы қаласы Медеу ауданының әкімдігі",
     "Акимат Медеуского района города Алматы", "Akimat of Medeu district, Almaty"),
    ("ALM-ALA", "ALM", L.DISTRICT, "Алматы қаласы Алатау ауданының әкімдігі",
     "Акимат Алатауского района города Алматы", "Akimat of Alatau district, Almaty"),
    ("AST", None, L.CITY_REPUBLICAN, "Астана қаласының әкімдігі", "Акимат города Астаны",
     "Akimat of Astana city"),
    ("SHY", None, L.CITY_REPUBLICAN, "Шымкент қаласының әкімдігі", "Акимат города Шымкента",
     "Akimat of Shymkent city"),
    ("ALO", None, L.REGION, "Алматы облысының әкімдігі", "Акимат Алматинской области",
     "Akimat of Almaty region"),
    ("ALO-KAR", "ALO", L.DISTRICT, "Қарасай ауданының әкімдігі", "Акимат Карасайского района",
     "Akimat of Karasay district"),
    ("ALO-KAR-KAS", "ALO-KAR", L.CITY_DISTRICT, "Қаскелең қаласының әкімі",
     "Аким города Каскелен", "Akim of Kaskelen town"),
    ("ALO-KAR-SHM", "ALO-KAR", L.RURAL_DISTRICT, "Шамалған ауылдық округінің әкімі",
     "Аким Шамалганского сельского округа", "Akim of Shamalgan rural district"),
    ("AKM", None, L.REGION, "Ақмола облысының әкімдігі", "Акимат Акмолинской области",
     "Akimat of Akmola region"),
    ("AKM-TSE", "AKM", L.DISTRICT, "Целиноград ауданының әкімдігі",
     "Акимат Целиноградского района", "Akimat of Tselinograd district"),
    ("AKM-TSE-KOS", "AKM-TSE", L.CITY_DISTRICT, "Қосшы қаласының әкімі", "Аким города Косшы",
     "Akim of Kosshy town"),
    ("AKM-TSE-TAL", "AKM-TSE", L.RURAL_DISTRICT, "Талапкер ауылдық округінің әкімі",
     "Аким Талапкерского сельского округа", "Akim of Talapker rural district"),
)  # fmt: skip

# --- Approving bodies (§6 steps 1.4–1.5) ----------------------------------------------------

K = ApprovingBody.Kind
ALMATY_CITY = ("ALM", "ALM-NAU", "ALM-MED", "ALM-ALA")
ALMATY_REGION = ("ALO", "ALO-KAR", "ALO-KAR-KAS", "ALO-KAR-SHM")
AKMOLA = ("AKM", "AKM-TSE", "AKM-TSE-KOS", "AKM-TSE-TAL")
EVERYWHERE = tuple(p[0] for p in PROVIDERS)
# code, kind, Kazakh, Russian, English, consulted by, has its own information system
BODIES: tuple[tuple[str, str, str, str, str, tuple[str, ...], bool], ...] = (
    ("ALM-SEK", K.STATE_BODY,
     "Алматы қаласының санитариялық-эпидемиологиялық бақылау департаменті",
     "Департамент санитарно-эпидемиологического контроля города Алматы",
     "Department of Sanitary and Epidemiological Control of Almaty",
     ALMATY_CITY, True),
    ("ALM-TZD", K.STATE_BODY,
     "Алматы қаласының Төтенше жағдайлар департаменті (өрт қауіпсіздігі)",
     "Департамент по чрезвычайным ситуациям города Алматы (пожарная безопасность)",
     "Department of Emergency Situations of Almaty (fire safety)",
     ALMATY_CITY, True),
    ("ALM-ECO", K.STATE_BODY, "Алматы қаласы бойынша экология департаменті",
     "Департамент экологии по городу Алматы",
     "Department of Ecology for Almaty",
     ALMATY_CITY, True),
    # No information system of its own: §6 step 1.4 sends it the act on paper.
    ("ALM-HERITAGE", K.STATE_BODY,
     "Алматы қаласы Мәдениет басқармасы (тарихи-мәдени мұраны қорғау)",
     "Управление культуры города Алматы (охрана историко-культурного наследия)",
     "Department of Culture of Almaty (protection of the historical and cultural heritage)",
     ALMATY_CITY, False),
    ("ALO-SEK", K.STATE_BODY,
     "Алматы облысының санитариялық-эпидемиологиялық бақылау департаменті",
     "Департамент санитарно-эпидемиологического контроля Алматинской области",
     "Department of Sanitary and Epidemiological Control of Almaty Region",
     ALMATY_REGION, True),
    ("ALO-TZD", K.STATE_BODY, "Алматы облысының Төтенше жағдайлар департаменті",
     "Департамент по чрезвычайным ситуациям Алматинской области",
     "Department of Emergency Situations of Almaty Region",
     ALMATY_REGION, True),
    ("AKM-SEK", K.STATE_BODY,
     "Ақмола облысының санитариялық-эпидемиологиялық бақылау департаменті",
     "Департамент санитарно-эпидемиологического контроля Акмолинской области",
     "Department of Sanitary and Epidemiological Control of Akmola Region",
     AKMOLA, True),
    ("AKM-TZD", K.STATE_BODY, "Ақмола облысының Төтенше жағдайлар департаменті",
     "Департамент по чрезвычайным ситуациям Акмолинской области",
     "Department of Emergency Situations of Akmola Region",
     AKMOLA, True),
    ("AZHK", K.NATURAL_MONOPOLY, "«Алатау Жарық Компаниясы» АҚ", "АО «Алатау Жарық Компаниясы»",
     "Alatau Zharyk Company JSC",
     ALMATY_CITY + ALMATY_REGION, True),
    ("ALMATY-SU", K.NATURAL_MONOPOLY, "«Алматы Су» ШЖҚ МКК", "ГКП на ПХВ «Алматы Су»",
     "Almaty Su State Municipal Enterprise",
     ALMATY_CITY, True),
    ("ATS", K.NATURAL_MONOPOLY, "«Алматы жылу желілері» ЖШС", "ТОО «Алматинские тепловые сети»",
     "Almaty Heating Networks LLP",
     ALMATY_CITY, True),
    ("AREK", K.NATURAL_MONOPOLY, "«Ақмола электр тарату желілік компаниясы» АҚ",
     "АО «Акмолинская распределительная электросетевая компания»",
     "Akmola Electricity Distribution Grid Company JSC",
     AKMOLA, True),
    ("QAZAQGAZ", K.NATURAL_MONOPOLY, "«QazaqGaz Аймақ» АҚ", "АО «QazaqGaz Аймақ»",
     "QazaqGaz Aimaq JSC",
     EVERYWHERE,
     True),
    ("KAZAKHTELECOM", K.NATURAL_MONOPOLY, "«Қазақтелеком» АҚ", "АО «Казахтелеком»",
     "Kazakhtelecom JSC",
     EVERYWHERE,
     True),
    ("GOV4C", K.STATE_CORPORATION,
     "«„Азаматтарға арналған үкімет“ мемлекеттік корпорациясы» КЕАҚ",
     "НАО «Государственная корпорация «Правительство для граждан»»",
     "Government for Citizens State Corporation NJSC",
     EVERYWHERE, True),
)  # fmt: skip

# --- Cadastral-works tariffs (Annex 2 row 6) ------------------------------------------------

TARIFFS_FROM = date(2026, 1, 1)
# name, plots up to (ha; None = any area), amount in tenge
TARIFFS: tuple[tuple[str, str | None, str], ...] = (
    ("До 0,10 га", "0.1000", "32000"),
    ("От 0,10 до 0,25 га", "0.2500", "45000"),
    ("От 0,25 до 1 га", "1.0000", "68000"),
    ("От 1 до 5 га", "5.0000", "112000"),
    ("Свыше 5 га", None, "185000"),
)

# --- People -------------------------------------------------------------------------------

# The provider whose officials the demo logins are, and the body of each body role.
HOME_PROVIDER = "ALM-NAU"
ROLE_BODY = {Role.BODY_OFFICER: "ALM-SEK", Role.MONOPOLY_OFFICER: "AZHK", Role.STATE_CORP: "GOV4C"}
OFFICIAL_NAMES = {
    Role.CLERK: ("Әлия", "Сәрсенбаева"),
    Role.LEADERSHIP: ("Бауыржан", "Тұрсынов"),
    Role.ARCH_HEAD: ("Ғалым", "Есенов"),
    Role.ARCH_EXECUTOR: ("Дана", "Құрманова"),
    Role.BODY_OFFICER: ("Мәди", "Жұмабеков"),
    Role.MONOPOLY_OFFICER: ("Сергей", "Ким"),
    Role.STATE_CORP: ("Гүлнар", "Әбдірахманова"),
    Role.LAND_HEAD: ("Нұрлан", "Оспанов"),
    Role.LAND_EXECUTOR: ("Айгерім", "Төлеуова"),
    Role.ICT_OFFICER: ("Ерлан", "Байжанов"),
    Role.QUALITY_REVIEWER: ("Жанар", "Мұқанова"),
    Role.SUPERVISOR: ("Асхат", "Ибраимов"),
}


def iin_for(born: date, *, male: bool, serial: int) -> str:
    """An IIN with a valid check digit (SPEC: YYMMDD, century and sex digit, serial, check);
    the next serial is tried when this one can never be issued."""
    century = {18: 1, 19: 3, 20: 5}[born.year // 100] + (0 if male else 1)
    while True:
        first = f"{born:%y%m%d}{century}{serial:04d}"
        digit = check_digit(first)
        if digit is not None:
            return f"{first}{digit}"
        serial += 1


ORPHAN_BORN = date(2010, 5, 14)


@dataclass(frozen=True)
class ApplicantSpec:
    username: str
    kind: str
    fields: dict = field(default_factory=dict)
    first_name: str = ""
    last_name: str = ""


APPLICANTS: tuple[ApplicantSpec, ...] = (
    ApplicantSpec(
        "applicant",
        Applicant.Kind.INDIVIDUAL,
        {
            "iin": "871008401427",
            "last_name": "Жақсыбекова",
            "first_name": "Айгүл",
            "patronymic": "Маратқызы",
            "id_document": "Жеке куәлік № 045612378, ҚР ІІМ, 12.03.2019",
            "address": "г. Алматы, Медеуский район, ул. Абая, д. 10, кв. 24",
            "phone": "+77011234567",
        },
        "Айгүл",
        "Жақсыбекова",
    ),
    ApplicantSpec(
        "company",
        Applicant.Kind.LEGAL_ENTITY,
        {
            "bin": "940140000385",
            "organisation_name": "ТОО «Жетісу Құрылыс Инвест»",
            "representative_name": "Омаров Ержан Болатұлы",
            "representative_iin": "760212350620",
            "address": "г. Алматы, Бостандыкский район, пр. Аль-Фараби, д. 77/8, офис 310",
            "phone": "+77272501020",
        },
        "Ержан",
        "Омаров",
    ),
    ApplicantSpec(
        "orphan",
        Applicant.Kind.INDIVIDUAL,
        {
            "iin": iin_for(ORPHAN_BORN, male=True, serial=317),
            "last_name": "Қайратов",
            "first_name": "Даниял",
            "patronymic": "Асанұлы",
            "id_document": "Жеке куәлік № 052318847, ҚР ІІМ, 20.05.2026",
            "address": "г. Алматы, Наурызбайский район, мкр. Акжар, ул. Даулеткерей, д. 3",
            "phone": "+77079876543",
            # Annex 2 row 6: the status comes from the state registry through the gateway.
            "without_parental_care": True,
        },
        "Даниял",
        "Қайратов",
    ),
)


# --- Small documents ------------------------------------------------------------------------


def tiny_pdf(title: str) -> bytes:
    """A one-page PDF with one line of text: enough for content sniffing, a PDF parser and a
    person opening it. ASCII only, since the built-in Helvetica has no Kazakh letters."""
    text = title.encode("ascii", "replace").replace(b"\\", b"\\\\")
    text = text.replace(b"(", b"\\(").replace(b")", b"\\)")
    stream = b"BT /F1 12 Tf 36 150 Td (" + text + b") Tj ET"
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 420 200]/Contents 4 0 R"
        b"/Resources<</Font<</F1 5 0 R>>>>>>",
        b"<</Length %d>>stream\n" % len(stream) + stream + b"\nendstream",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj" % number + body + b"endobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def pdf(name: str, title: str) -> ContentFile:
    return ContentFile(tiny_pdf(title), name=name)


# --- Reference data -------------------------------------------------------------------------


def seed_providers() -> dict[str, Provider]:
    providers: dict[str, Provider] = {}
    for code, parent, level, name_kk, name_ru, name_en in PROVIDERS:
        providers[code], _created = Provider.objects.get_or_create(
            code=code,
            defaults={
                "parent": providers[parent] if parent else None,
                "level": level,
                "name_kk": name_kk,
                "name_ru": name_ru,
                "name_en": name_en,
                "email": f"{code.lower()}@{EMAIL_DOMAIN}",
            },
        )
    return providers


def seed_bodies(providers: dict[str, Provider]) -> dict[str, ApprovingBody]:
    bodies: dict[str, ApprovingBody] = {}
    for code, kind, name_kk, name_ru, name_en, consulted_by, has_system in BODIES:
        body, _created = ApprovingBody.objects.get_or_create(
            code=code,
            defaults={
                "kind": kind,
                "name_kk": name_kk,
                "name_ru": name_ru,
                "name_en": name_en,
                "has_information_system": has_system,
            },
        )
        if not body.name_en:  # a body seeded before bodies had English names
            body.name_en = name_en
            body.save(update_fields=["name_en"])
        # add() skips the links that exist, so a second run writes nothing.
        body.providers.add(*(providers[p] for p in consulted_by))
        bodies[code] = body
    return bodies


def seed_tariffs() -> None:
    for name, max_area, amount in TARIFFS:
        Tariff.objects.get_or_create(
            name=name,
            valid_from=TARIFFS_FROM,
            defaults={
                "max_area_ha": Decimal(max_area) if max_area else None,
                "amount": Decimal(amount),
            },
        )


@cache
def _demo_password_hash() -> str:
    # Hashed once per run: the hasher is slow on purpose, and every demo login shares the
    # password anyway, so one salt for all of them gives nothing away.
    return make_password(DEMO_PASSWORD)


def _user(username: str, *, first_name="", last_name="", **flags):
    """The password is set only when the user is created: a second run leaves it alone."""
    user, _created = get_user_model().objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "email": f"{username}@{EMAIL_DOMAIN}",
            "password": _demo_password_hash(),
            **flags,
        },
    )
    return user


def _official(username: str, role: str, *, provider=None, body=None, names=("", "")):
    user = _user(username, first_name=names[0], last_name=names[1], is_staff=True)
    Official.objects.get_or_create(
        user=user, defaults={"role": role, "provider": provider, "body": body}
    )
    user.groups.add(Group.objects.get(name=role))
    return user


def seed_people(providers, bodies) -> dict[str, object]:
    """One official per role (username = role name), an officer for every other body the home
    provider consults (so each can answer its requests), the applicants and the admin."""
    users: dict[str, object] = {}
    home = providers[HOME_PROVIDER]
    for role in Role:
        if role in (Role.SYSTEM, Role.APPLICANT):
            continue
        body = bodies[ROLE_BODY[role]] if role in ROLE_BODY else None
        # Supervisors and quality reviewers see the whole country: no provider, no region.
        provider = home if role in PROVIDER_ROLES else None
        users[role.value] = _official(
            role.value, role, provider=provider, body=body, names=OFFICIAL_NAMES[role]
        )
    for body in home.approving_bodies.order_by("code"):
        username = body_username(body)
        if username not in users:
            users[username] = _official(username, _body_role(body), body=body)
    for spec in APPLICANTS:
        user = _user(spec.username, first_name=spec.first_name, last_name=spec.last_name)
        Applicant.objects.get_or_create(user=user, defaults={"kind": spec.kind, **spec.fields})
        users[spec.username] = user
    users["admin"] = _user("admin", is_staff=True, is_superuser=True)
    return users


def _body_role(body: ApprovingBody) -> Role:
    return {
        K.STATE_BODY: Role.BODY_OFFICER,
        K.NATURAL_MONOPOLY: Role.MONOPOLY_OFFICER,
        K.STATE_CORPORATION: Role.STATE_CORP,
    }[body.kind]


def body_username(body: ApprovingBody) -> str:
    """The role's own login for the body of ROLE_BODY; ``<role>.<body code>`` for the others."""
    role = _body_role(body)
    if ROLE_BODY.get(role) == body.code:
        return role.value
    return f"{role.value}.{body.code.lower()}"


# --- Applications -------------------------------------------------------------------------


class Timeline:
    """Instants on working days: ``at(n, "10:15")`` is 10:15 on the n-th working day after
    the first day (n = 0 is the first day itself)."""

    def __init__(self, first_day: date):
        self.days = [first_day]

    @classmethod
    def working_days_before(cls, today: date, count: int) -> "Timeline":
        day, found = today, 0
        while found < count:
            day -= timedelta(days=1)
            found += working_time.is_working_day(day)
        return cls(day)

    def day(self, n: int) -> date:
        while len(self.days) <= n:
            d = self.days[-1] + timedelta(days=1)
            while not working_time.is_working_day(d):
                d += timedelta(days=1)
            self.days.append(d)
        return self.days[n]

    def at(self, n: int, hhmm: str) -> datetime:
        return datetime.combine(self.day(n), time.fromisoformat(hhmm), tzinfo=ALMATY)


@dataclass
class Case:
    """A demo application and the people who move it."""

    app: Application
    users: dict
    t: Timeline
    # The instant of seeding.
    now: datetime

    def as_of(self, n: int, hhmm: str):
        return clock.frozen_at(self.t.at(n, hhmm))

    def u(self, role: str):
        return self.users[role]

    def submit(self, n: int, hhmm: str) -> None:
        self.submit_at(self.t.at(n, hhmm))

    def submit_at(self, instant: datetime) -> None:
        # As the portal does it: signed through the EDS adapter, then submitted.
        with clock.frozen_at(instant):
            application_sign_and_submit(actor=self.app.applicant.user, application_id=self.app.pk)

    def through_dispatch(self, n: int, dispatch_day: int) -> None:
        """§6 steps 1.1–1.4: registered within its 15 working minutes of receipt, forwarded
        on day ``n``, the executor assigned the same day, the act sent to every body on
        ``dispatch_day``."""
        pk = self.app.pk
        registration = Deadline.objects.get(application=self.app, step="1.1", done_at=None)
        with clock.frozen_at(registration.due_at - timedelta(minutes=5)):
            cases.application_register(application_id=pk, actor=self.u("clerk"))
        with self.as_of(n, "11:40"):
            cases.application_forward(application_id=pk, actor=self.u("leadership"))
        with self.as_of(n, "16:20"):
            cases.executor_assign(
                application_id=pk, actor=self.u("arch_head"), executor=self.u("arch_executor")
            )
        with self.as_of(dispatch_day, "11:00"):
            cases.act_dispatch(
                application_id=pk,
                actor=self.u("arch_executor"),
                draft_file=pdf("act-draft.pdf", f"Land-selection act (draft) {self.number}"),
                situational_scheme=pdf("scheme.pdf", f"Situational scheme {self.number}"),
                apz_file=pdf("apz.pdf", f"Architectural-planning task {self.number}"),
                apz_summary="Этажность до 3 этажей, отступ от красной линии 5 м.",
            )

    @property
    def number(self) -> str:
        self.app.refresh_from_db(fields=["number"])
        return self.app.number or ""

    def answer(self, n: int, hhmm: str, body_code: str, answer: str = "positive", why=""):
        request = ApprovalRequest.objects.select_related("body").get(
            application=self.app, body__code=body_code
        )
        with self.as_of(n, hhmm):
            cases.conclusion_record(
                request_id=request.pk,
                actor=self.u(body_username(request.body)),
                answer=answer,
                reasoning=why,
                technical_conditions=(
                    pdf("tu.pdf", f"Technical conditions {body_code} {self.number}")
                    if request.body.gives_technical_conditions and answer == "positive"
                    else None
                ),
            )

    def all_positive(self, first_day: int, last_day: int) -> None:
        codes = list(
            self.app.approval_requests.filter(answer__isnull=True)
            .order_by("body__code")
            .values_list("body__code", flat=True)
        )
        span = max(last_day - first_day, 0)
        for i, code in enumerate(codes):
            self.answer(first_day + (i * span) // max(len(codes) - 1, 1), "15:30", code)

    def final_act_to_applicant(self, prepared: int, signed: int, sent: int) -> None:
        pk = self.app.pk
        with self.as_of(prepared, "12:00"):
            cases.final_act_prepare(
                application_id=pk,
                actor=self.u("arch_executor"),
                final_file=pdf("act-final.pdf", f"Land-selection act (final) {self.number}"),
            )
        with self.as_of(signed, "10:30"):
            cases.final_act_sign(application_id=pk, actor=self.u("arch_head"))
        with self.as_of(sent, "11:15"):
            cases.invoice_issue(application_id=pk, actor=self.u("state_corp"))
        with self.as_of(sent, "15:00"):
            cases.act_send(application_id=pk, actor=self.u("arch_executor"))

    def agree_and_pay(self, n: int) -> None:
        pk = self.app.pk
        with self.as_of(n, "10:10"):
            cases.act_agree(application_id=pk, actor=self.app.applicant.user)
        invoice = self.app.invoice
        if invoice.exempt:
            return
        reference = f"DEMO-{self.number}"
        paid_at = self.t.at(n, "10:25")
        Payment.objects.create(
            invoice=invoice,
            reference=reference,
            amount=invoice.amount,
            status=Payment.Status.PAID,
            settled_at=paid_at,
            gateway_transaction=f"EGOV-{paid_at:%Y%m%d%H%M}-{self.app.pk:05d}",
        )
        with self.as_of(n, "10:25"):
            cases.invoice_settle(application_id=pk, reference=reference, paid_at=paid_at)


@dataclass(frozen=True)
class Scenario:
    key: str
    applicant: str
    provider: str
    plot_address: str
    area_ha: str
    purpose: str
    purpose_detail: str
    use_right: str
    drive: Callable[[Case], None] | None
    # Working days before today (open cases), or a fixed first day (closed cases).
    days_ago: int = 0
    first_day: date | None = None


def _submitted(c: Case) -> None:
    # At the instant of seeding, so the 15 working minutes of registration are still running
    # (after hours §5 counts it as received at the next working start).
    c.submit_at(c.now)


def _in_approval(c: Case) -> None:
    c.submit(0, "09:40")
    c.through_dispatch(0, dispatch_day=2)
    c.answer(4, "11:00", "ALM-SEK")
    c.answer(5, "15:45", "AZHK")
    c.answer(6, "10:20", "ALM-TZD")
    c.answer(6, "16:05", "KAZAKHTELECOM")


def _awaiting_applicant(c: Case) -> None:
    c.submit(0, "10:15")
    c.through_dispatch(0, dispatch_day=2)
    c.all_positive(4, 9)
    c.final_act_to_applicant(prepared=11, signed=12, sent=14)


def _stage_two(c: Case) -> None:
    c.submit(0, "11:20")
    c.through_dispatch(0, dispatch_day=3)
    c.all_positive(5, 10)
    c.final_act_to_applicant(prepared=12, signed=13, sent=13)
    # The applicant is exempt (Annex 2 row 6): agreeing alone starts stage 2.
    c.agree_and_pay(15)


def _granted(c: Case) -> None:
    pk = c.app.pk
    c.submit(0, "10:15")
    c.through_dispatch(0, dispatch_day=3)
    c.all_positive(5, 12)
    c.final_act_to_applicant(prepared=15, signed=16, sent=16)
    c.agree_and_pay(17)
    with c.as_of(24, "16:00"):
        cases.cadastral_plan_submit(
            application_id=pk,
            actor=c.u("state_corp"),
            file=pdf("cadastral-plan.pdf", f"Land cadastral plan {c.number}"),
            cadastral_number="20-321-045-112",
        )
    with c.as_of(26, "11:30"):
        cases.cadastral_plan_approve(
            application_id=pk, actor=c.u("land_head"), executor=c.u("land_executor")
        )
    with c.as_of(28, "15:00"):
        cases.decision_draft(
            application_id=pk,
            actor=c.u("land_executor"),
            text=(
                "Предоставить ТОО «Жетісу Құрылыс Инвест» право временного возмездного "
                "землепользования на земельный участок площадью 0,3500 га для строительства "
                "торгового центра сроком на 10 лет."
            ),
        )
    with c.as_of(29, "10:00"):
        cases.decision_sign(application_id=pk, actor=c.u("leadership"))
    with c.as_of(29, "10:09"):
        cases.decision_register(application_id=pk, actor=c.u("clerk"))


def _refused(c: Case) -> None:
    pk = c.app.pk
    c.submit(0, "14:50")
    c.through_dispatch(1, dispatch_day=3)
    c.answer(5, "10:00", "ALM-SEK")
    c.answer(6, "12:10", "AZHK")
    c.answer(
        8,
        "16:40",
        "ALM-ECO",
        answer="negative",
        why=(
            "Участок расположен в водоохранной полосе реки Каргалы; строительство "
            "многоквартирного жилого дома в ней запрещено (Водный кодекс РК)."
        ),
    )
    with c.as_of(9, "11:00"):
        cases.refusal_draft(
            application_id=pk,
            actor=c.u("arch_executor"),
            reasoning=(
                "Департамент экологии по городу Алматы дал отрицательное заключение: участок "
                "расположен в водоохранной полосе реки Каргалы. Основание: пп. 3 п. 9 Правил "
                "(п. 4 ст. 44-1 Земельного кодекса РК)."
            ),
        )
    with c.as_of(10, "09:45"):
        cases.refusal_sign(application_id=pk, actor=c.u("arch_head"))


def _act_expired(c: Case) -> None:
    c.submit(0, "09:30")
    c.through_dispatch(0, dispatch_day=2)
    c.all_positive(4, 10)
    c.final_act_to_applicant(prepared=12, signed=13, sent=13)
    # §6 step 1.11: not agreed within 10 WD; the State Corporation returns it for cancellation.
    with c.as_of(24, "09:30"):
        cases.act_expire(application_id=c.app.pk, actor=c.u("state_corp"))


NAU = "г. Алматы, Наурызбайский район"
P = Purpose
# Oldest first, so the case numbers follow the dates of receipt.
SCENARIOS: tuple[Scenario, ...] = (
    Scenario("granted", "company", HOME_PROVIDER,
             f"{NAU}, мкр. Шугыла, ул. Жунусова, уч. 140", "0.3500", P.COMMERCIAL,
             "Торговый центр", UseRight.TEMPORARY_PAID, _granted,
             first_day=date(2026, 2, 10)),
    Scenario("refused", "company", HOME_PROVIDER,
             f"{NAU}, мкр. Рахат, ул. Саина, уч. 21", "0.6000", P.APARTMENT_BUILDING,
             "Многоквартирный жилой дом, 9 этажей", UseRight.TEMPORARY_PAID, _refused,
             first_day=date(2026, 4, 14)),
    Scenario("act_expired", "applicant", HOME_PROVIDER,
             f"{NAU}, мкр. Акжар, ул. Абылайхана, уч. 63", "0.1200", P.INDIVIDUAL_HOUSING, "",
             UseRight.TEMPORARY_PAID, _act_expired, first_day=date(2026, 5, 12)),
    Scenario("stage_two", "orphan", HOME_PROVIDER,
             f"{NAU}, мкр. Акжар, ул. Даулеткерей, уч. 5", "0.1000", P.INDIVIDUAL_HOUSING, "",
             UseRight.TEMPORARY_FREE, _stage_two, days_ago=20),
    Scenario("awaiting_applicant", "applicant", HOME_PROVIDER,
             f"{NAU}, мкр. Таусамалы, ул. Сатпаева, уч. 12", "0.0800", P.GARAGE, "",
             UseRight.TEMPORARY_PAID, _awaiting_applicant, days_ago=16),
    Scenario("in_approval", "company", HOME_PROVIDER,
             f"{NAU}, мкр. Калкаман-2, ул. Ашимова, уч. 88", "0.4500", P.SOCIAL,
             "Частная общеобразовательная школа на 300 мест", UseRight.TEMPORARY_PAID,
             _in_approval, days_ago=8),
    Scenario("submitted", "applicant", HOME_PROVIDER,
             f"{NAU}, мкр. Шугыла, ул. Жуалы, уч. 37", "0.1000", P.INDIVIDUAL_HOUSING, "",
             UseRight.TEMPORARY_PAID, _submitted),
    Scenario("draft", "applicant", "ALO-KAR-SHM",
             "Алматинская область, Карасайский район, Шамалганский сельский округ, "
             "с. Шамалган, ул. Рыскулова, уч. 9", "0.1000", P.INDIVIDUAL_HOUSING, "",
             UseRight.TEMPORARY_PAID, None),
)  # fmt: skip


def seed_application(scenario: Scenario, *, users, providers, now: datetime) -> bool:
    """Create and drive one demo application; False when it exists already. All of it in one
    transaction, so a failed run leaves no half-driven case behind to be skipped next time."""
    applicant = users[scenario.applicant].applicant
    if Application.objects.filter(applicant=applicant, plot_address=scenario.plot_address).exists():
        return False
    with transaction.atomic():
        app = Application.objects.create(
            applicant=applicant,
            provider=providers[scenario.provider],
            plot_address=scenario.plot_address,
            area_ha=Decimal(scenario.area_ha),
            purpose=scenario.purpose,
            purpose_detail=scenario.purpose_detail,
            use_right=scenario.use_right,
            consent=True,
            contact_phone=applicant.phone,
            location_scheme=pdf("location-scheme.pdf", f"Location scheme: {scenario.key}"),
        )
        if scenario.drive is not None:
            timeline = (
                Timeline(scenario.first_day)
                if scenario.first_day
                else Timeline.working_days_before(now.astimezone(ALMATY).date(), scenario.days_ago)
            )
            scenario.drive(Case(app=app, users=users, t=timeline, now=now))
    return True


def seed_demo(*, today: date | None = None, now: datetime | None = None) -> dict[str, int]:
    """Everything above, seeded at ``now`` (by default the current instant; noon of ``today``
    when only the day is given); returns how many demo applications this run created."""
    if now is None:
        now = datetime.combine(today, time(12), tzinfo=ALMATY) if today else clock.now()
    with transaction.atomic():
        providers = seed_providers()
        bodies = seed_bodies(providers)
        seed_tariffs()
        users = seed_people(providers, bodies)
    created = {
        s.key: int(seed_application(s, users=users, providers=providers, now=now))
        for s in SCENARIOS
    }
    # The dashboards' period figures now, rather than at the worker's first refresh.
    stats_refresh()
    return created


def login_names() -> list[str]:
    """The role logins and the applicants, in the order the README lists them."""
    roles = [r.value for r in Role if r not in (Role.SYSTEM, Role.APPLICANT)]
    return roles + [spec.username for spec in APPLICANTS]
