from datetime import datetime
from pathlib import Path

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from fpdf import FPDF

from workflow import clock

from .texts import LANGUAGES, PURPOSES, REFUSAL_GROUNDS, TEXTS, USE_RIGHTS

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"


class DocumentNotReady(Exception):
    """The case has not reached the point where this document exists."""


def _related(obj, name):
    try:
        return getattr(obj, name)
    except ObjectDoesNotExist:
        return None


def _local_date(at: datetime | None) -> str:
    return timezone.localtime(at or clock.now()).strftime("%d.%m.%Y")


class _Document(FPDF):
    def __init__(self):
        super().__init__(format="A4")
        self.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_margins(20, 20, 15)
        self.set_auto_page_break(auto=True, margin=20)
        self.add_page()

    def title_block(self, title: str) -> None:
        self.set_font(FONT, "B", 14)
        self.multi_cell(0, 8, title, align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(4)

    def field(self, label: str, value) -> None:
        self.set_font(FONT, "B", 10)
        self.multi_cell(0, 6, f"{label}:", new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONT, "", 10)
        self.multi_cell(0, 6, str(value) if value not in (None, "") else "—")
        self.ln(1)

    def heading(self, text: str) -> None:
        self.ln(2)
        self.set_font(FONT, "B", 11)
        self.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")

    def item(self, text: str) -> None:
        self.set_font(FONT, "", 10)
        self.multi_cell(0, 6, f"• {text}", new_x="LMARGIN", new_y="NEXT")


def _header(pdf: _Document, application, lang: str, title: str, at: datetime | None) -> None:
    t = TEXTS[lang]
    provider = application.provider
    pdf.title_block(title)
    pdf.field(t["number"], application.number)
    pdf.field(t["date"], _local_date(at))
    pdf.field(t["provider"], provider.name_kk if lang == "kk" else provider.name_ru)
    applicant = application.applicant
    pdf.field(t["applicant"], applicant.display_name)
    pdf.field(t["identity"], applicant.identity_number)
    pdf.field(t["plot_address"], application.plot_address)
    pdf.field(t["area"], f"{application.area_ha:.4f}")
    purpose = PURPOSES[lang].get(application.purpose, application.purpose)
    if application.purpose_detail:
        purpose = f"{purpose} ({application.purpose_detail})"
    pdf.field(t["purpose"], purpose)
    pdf.field(t["use_right"], USE_RIGHTS[lang].get(application.use_right, application.use_right))


def _answer(request, lang: str) -> str:
    t = TEXTS[lang]
    text = t[request.answer] if request.answer else t["unanswered"]
    if request.answered_at:
        text += f", {_local_date(request.answered_at)}"
    if request.late:
        text += f" ({t['late']})"
    return text


def _body_name(body, lang: str) -> str:
    return body.name_kk if lang == "kk" else body.name_ru


def _requests(application):
    return list(application.approval_requests.select_related("body").order_by("body__kind", "pk"))


def selection_act(application, lang: str) -> bytes:
    """The land-selection act with the APZ summary and the list of conclusions and technical
    conditions (§6 steps 1.4–1.6)."""
    act = _related(application, "selection_act")
    if act is None:
        raise DocumentNotReady
    t = TEXTS[lang]
    pdf = _Document()
    _header(
        pdf,
        application,
        lang,
        t["act_title"],
        act.signed_at or act.final_prepared_at or act.prepared_at,
    )
    pdf.field(t["apz"], act.apz_summary)
    requests = _requests(application)
    pdf.heading(t["conclusions"])
    conclusions = [r for r in requests if not r.body.gives_technical_conditions]
    for request in conclusions:
        line = f"{_body_name(request.body, lang)}: {_answer(request, lang)}"
        if request.reasoning:
            line += f". {request.reasoning}"
        pdf.item(line)
    if not conclusions:
        pdf.item(t["none"])
    pdf.heading(t["technical_conditions"])
    conditions = [r for r in requests if r.body.gives_technical_conditions]
    for request in conditions:
        line = f"{_body_name(request.body, lang)}: {_answer(request, lang)}"
        if request.technical_conditions:
            line += f"; {t['tc_attached']}"
        pdf.item(line)
    if not conditions:
        pdf.item(t["none"])
    return bytes(pdf.output())


def refusal(application, lang: str) -> bytes:
    """The motivated refusal, citing its §9 ground and the bodies' reasons."""
    found = _related(application, "refusal")
    if found is None:
        raise DocumentNotReady
    t = TEXTS[lang]
    pdf = _Document()
    _header(pdf, application, lang, t["refusal_title"], found.signed_at or found.drafted_at)
    pdf.field(t["ground"], REFUSAL_GROUNDS[lang].get(found.ground, str(found.ground)))
    pdf.field(t["reasoning"], found.reasoning)
    negative = [r for r in _requests(application) if r.answer == "negative"]
    if negative:
        pdf.heading(t["bodies_reasons"])
        for request in negative:
            pdf.item(f"{_body_name(request.body, lang)}: {request.reasoning}")
    pdf.ln(4)
    pdf.set_font(FONT, "", 9)
    pdf.multi_cell(0, 5, t["signature"])
    return bytes(pdf.output())


def decision(application, lang: str) -> bytes:
    """The provider's decision granting the land-use right (§6 steps 2.3–2.5)."""
    found = _related(application, "decision")
    if found is None:
        raise DocumentNotReady
    t = TEXTS[lang]
    pdf = _Document()
    _header(
        pdf,
        application,
        lang,
        t["decision_title"],
        found.registered_at or found.signed_at or found.drafted_at,
    )
    pdf.field(t["decision_number"], found.number or application.number)
    plan = _related(application, "cadastral_plan")
    pdf.field(t["cadastral_number"], plan.cadastral_number if plan else "")
    pdf.field(t["decision_text"], found.text)
    pdf.ln(4)
    pdf.set_font(FONT, "", 9)
    pdf.multi_cell(0, 5, t["signature"])
    return bytes(pdf.output())


DOCUMENTS = {"act": selection_act, "refusal": refusal, "decision": decision}


def render_document(application, *, kind: str, lang: str) -> bytes:
    if kind not in DOCUMENTS or lang not in LANGUAGES:
        raise KeyError(kind)
    return DOCUMENTS[kind](application, lang)
