"""Every step service that takes a file checks it itself (landplots/uploads.py), whoever
calls it: a PDF, JPEG or PNG by content within the size limit, or InvalidInput on the field
before anything is saved; a good file is stored under our own name."""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from approvals.models import ApprovalRequest
from landplots.models import CadastralPlan, Decision, SelectionAct, State
from tests.drive import drive, pdf
from tests.factories import PDF_BYTES
from tests.landplots.helpers import PNG_BYTES
from workflow.models import Deadline, TransitionLog
from workflow.roles import Role
from workflow.services import cases
from workflow.services.errors import InvalidInput

LIMIT = 1024 * 1024


@pytest.fixture(autouse=True)
def _small_limit(settings):
    settings.PORTAL_UPLOAD_MAX_BYTES = LIMIT


def text_named_pdf(name="act.pdf"):
    return ContentFile(b"This is the act, honestly.\n", name=name)


def too_large_pdf(name="act.pdf"):
    return ContentFile(PDF_BYTES + b"0" * LIMIT, name=name)


BAD_FILES = {
    "text named .pdf": (text_named_pdf, "Upload a PDF, JPEG or PNG file."),
    "too large": (too_large_pdf, "The file is too large: at most 1 MB."),
}


def stored_files(settings) -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


class Snapshot:
    """The case, its log, its clocks and the stored files before a refused call."""

    def __init__(self, app, settings):
        self.app, self.settings = app, settings
        self.state = app.state
        self.log = TransitionLog.objects.filter(application=app).count()
        self.clocks = list(Deadline.objects.filter(application=app).values_list("pk", "done_at"))
        self.files = stored_files(settings)

    def assert_unchanged(self):
        self.app.refresh_from_db()
        assert self.app.state == self.state
        assert TransitionLog.objects.filter(application=self.app).count() == self.log
        assert (
            list(Deadline.objects.filter(application=self.app).values_list("pk", "done_at"))
            == self.clocks
        )
        assert stored_files(self.settings) == self.files


@pytest.mark.parametrize("bad", BAD_FILES.values(), ids=BAD_FILES.keys())
@pytest.mark.parametrize("field", ["draft_file", "situational_scheme", "apz_file"])
def test_dispatch_refuses_a_bad_document_and_sends_nothing(world, settings, field, bad):
    """§6 step 1.4: the act, scheme and APZ go out together or not at all."""
    # Given a case whose act is ready to go out
    app = drive(world, until=State.ACT_PREPARATION)
    before = Snapshot(app, settings)
    make_bad, message = bad
    files = {"draft_file": pdf(), "situational_scheme": pdf(), "apz_file": pdf()}
    files[field] = make_bad()

    # When the executor's call skips every form and passes the file straight in
    with pytest.raises(InvalidInput) as raised:
        cases.act_dispatch(application_id=app.pk, actor=world.user(Role.ARCH_EXECUTOR), **files)

    # Then the field is named, the case has not moved and nothing was stored or sent
    assert raised.value.field_errors == {field: [message]}
    before.assert_unchanged()
    assert not SelectionAct.objects.filter(application=app).exists()
    assert not ApprovalRequest.objects.filter(application=app).exists()


def test_dispatch_names_every_bad_or_missing_document_at_once(world, settings):
    """§6 step 1.4."""
    app = drive(world, until=State.ACT_PREPARATION)
    before = Snapshot(app, settings)
    with pytest.raises(InvalidInput) as raised:
        cases.act_dispatch(
            application_id=app.pk,
            actor=world.user(Role.ARCH_EXECUTOR),
            draft_file=text_named_pdf(),
            situational_scheme=too_large_pdf(),
            apz_file=None,
        )
    assert set(raised.value.field_errors) == {"draft_file", "situational_scheme", "apz_file"}
    before.assert_unchanged()


def test_dispatch_stores_good_documents_under_our_names_by_content(world):
    """§6 step 1.4: the name and extension are ours; the content decides the extension."""
    app = drive(world, until=State.ACT_PREPARATION)
    draft = pdf("Акт выбора (скан).PDF")
    scheme = ContentFile(PNG_BYTES, name="scheme.pdf")
    apz = pdf("../../apz.exe")

    cases.act_dispatch(
        application_id=app.pk,
        actor=world.user(Role.ARCH_EXECUTOR),
        draft_file=draft,
        situational_scheme=scheme,
        apz_file=apz,
    )

    assert (draft.name, scheme.name, apz.name) == ("draft-act.pdf", "scheme.png", "apz.pdf")
    act = SelectionAct.objects.get(application=app)
    assert act.draft_file.name.endswith(".pdf")
    assert act.situational_scheme.name.endswith(".png")
    assert act.apz_file.name.endswith(".pdf")
    assert "apz" not in act.apz_file.name and ".." not in act.apz_file.name
    app.refresh_from_db()
    assert app.state == State.IN_APPROVAL


@pytest.mark.parametrize("bad", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_technical_conditions_must_be_a_document(world, settings, bad):
    """§6 step 1.5: a natural monopoly's technical conditions are checked like every file;
    the request stays unanswered."""
    app = drive(world, until=State.IN_APPROVAL)
    request = app.approval_requests.get(body=world.utility)
    before = Snapshot(app, settings)
    make_bad, message = bad

    with pytest.raises(InvalidInput) as raised:
        cases.conclusion_record(
            request_id=request.pk,
            actor=world.user(Role.MONOPOLY_OFFICER),
            answer="positive",
            technical_conditions=make_bad("tu.pdf"),
        )

    assert raised.value.field_errors == {"technical_conditions": [message]}
    request.refresh_from_db()
    assert request.answer is None and not request.technical_conditions
    before.assert_unchanged()


def test_technical_conditions_are_stored_under_our_name(world):
    """§6 step 1.5."""
    app = drive(world, until=State.IN_APPROVAL)
    request = app.approval_requests.get(body=world.utility)
    upload = pdf("ТУ электроснабжение.pdf")
    cases.conclusion_record(
        request_id=request.pk,
        actor=world.user(Role.MONOPOLY_OFFICER),
        answer="positive",
        technical_conditions=upload,
    )
    assert upload.name == "technical-conditions.pdf"
    request.refresh_from_db()
    assert request.technical_conditions.name.endswith(".pdf")


@pytest.mark.parametrize("bad", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_final_act_must_be_a_document(world, settings, bad):
    """§6 step 1.6: the final act does not go to the head."""
    app = drive(world, until=State.FINAL_ACT_PREPARATION)
    before = Snapshot(app, settings)
    make_bad, message = bad

    with pytest.raises(InvalidInput) as raised:
        cases.final_act_prepare(
            application_id=app.pk, actor=world.user(Role.ARCH_EXECUTOR), final_file=make_bad()
        )

    assert raised.value.field_errors == {"final_file": [message]}
    before.assert_unchanged()
    assert not SelectionAct.objects.get(application=app).final_file


def test_final_act_is_stored_under_our_name(world):
    """§6 step 1.6."""
    app = drive(world, until=State.FINAL_ACT_PREPARATION)
    upload = pdf("final act v2 FINAL.pdf")
    cases.final_act_prepare(
        application_id=app.pk, actor=world.user(Role.ARCH_EXECUTOR), final_file=upload
    )
    assert upload.name == "final-act.pdf"
    app.refresh_from_db()
    assert app.state == State.HEAD_SIGNATURE


@pytest.mark.parametrize("bad", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_cadastral_plan_must_be_a_document(world, settings, bad):
    """§6 step 2.1: the plan does not go for approval."""
    app = drive(world, until=State.CADASTRAL_PLAN_PREPARATION)
    before = Snapshot(app, settings)
    make_bad, message = bad

    with pytest.raises(InvalidInput) as raised:
        cases.cadastral_plan_submit(
            application_id=app.pk,
            actor=world.user(Role.STATE_CORP),
            file=make_bad("plan.pdf"),
            cadastral_number="20-321-045-123",
        )

    assert raised.value.field_errors == {"file": [message]}
    before.assert_unchanged()
    assert not CadastralPlan.objects.filter(application=app).exists()


def test_cadastral_plan_is_stored_under_our_name(world):
    """§6 step 2.1."""
    app = drive(world, until=State.CADASTRAL_PLAN_PREPARATION)
    upload = pdf("plan.PDF")
    cases.cadastral_plan_submit(
        application_id=app.pk, actor=world.user(Role.STATE_CORP), file=upload
    )
    assert upload.name == "cadastral-plan.pdf"
    app.refresh_from_db()
    assert app.state == State.CADASTRAL_PLAN_APPROVAL


@pytest.mark.parametrize("bad", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_decision_file_must_be_a_document_even_with_a_text(world, settings, bad):
    """§6 step 2.3: the decision may be a text, a file or both; a bad file refuses the draft."""
    app = drive(world, until=State.DECISION_DRAFTING)
    before = Snapshot(app, settings)
    make_bad, message = bad

    with pytest.raises(InvalidInput) as raised:
        cases.decision_draft(
            application_id=app.pk,
            actor=world.user(Role.LAND_EXECUTOR),
            text="Предоставить право временного землепользования",
            file=make_bad("decision.pdf"),
        )

    assert raised.value.field_errors == {"file": [message]}
    before.assert_unchanged()
    assert not Decision.objects.filter(application=app).exists()


def test_decision_file_is_stored_under_our_name(world):
    """§6 step 2.3."""
    app = drive(world, until=State.DECISION_DRAFTING)
    upload = pdf("решение.pdf")
    cases.decision_draft(
        application_id=app.pk, actor=world.user(Role.LAND_EXECUTOR), text="", file=upload
    )
    assert upload.name == "decision.pdf"
    app.refresh_from_db()
    assert app.state == State.DECISION_SIGNING
