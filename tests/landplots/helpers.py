"""Helpers for the portal tests: a provider hierarchy, uploads, and the officials' steps of
§6 done through the services (as in tests/workflow/test_happy_path_smoke.py)."""

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from landplots.models import Provider
from tests.factories import PDF_BYTES, ProviderFactory
from workflow.roles import Role
from workflow.services import cases

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120 + b"PE\x00\x00"


def upload(content=PDF_BYTES, name="scheme.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def hierarchy(world):
    """Almaty region → a district → a rural district; the world's provider sits under the
    region as a district akimat, so the officials of the world own the cases filed to it."""
    region = ProviderFactory(
        code="ALM-REG",
        name_kk="Алматы облысы әкімдігі",
        name_ru="Акимат Алматинской области",
        name_en="Almaty region akimat",
        level=Provider.Level.REGION,
        accepts_applications=False,
    )
    district = world.provider
    district.parent = region
    district.name_en = "Nauryzbay district akimat"
    district.save(update_fields=["parent", "name_en"])
    rural = ProviderFactory(
        code="ALM-NAU-R1",
        name_kk="Шұғыла ауылдық округі",
        name_ru="Аким сельского округа Шугыла",
        name_en="Shugyla rural district akim",
        level=Provider.Level.RURAL_DISTRICT,
        parent=district,
    )
    return region, district, rural


def _pdf(name="doc.pdf"):
    return ContentFile(PDF_BYTES, name=name)


def officials_to_awaiting_applicant(world, application_id: int) -> None:
    """§6 steps 1.1–1.9 for a submitted case, every approving body answering positively."""
    u = world.user
    cases.application_register(application_id=application_id, actor=u(Role.CLERK))
    cases.application_forward(application_id=application_id, actor=u(Role.LEADERSHIP))
    cases.executor_assign(
        application_id=application_id, actor=u(Role.ARCH_HEAD), executor=u(Role.ARCH_EXECUTOR)
    )
    cases.act_dispatch(
        application_id=application_id,
        actor=u(Role.ARCH_EXECUTOR),
        draft_file=_pdf(),
        situational_scheme=_pdf(),
        apz_file=_pdf(),
    )
    from landplots.models import Application

    app = Application.objects.get(pk=application_id)
    for r in app.approval_requests.select_related("body"):
        who = {
            "state_body": Role.BODY_OFFICER,
            "natural_monopoly": Role.MONOPOLY_OFFICER,
            "state_corporation": Role.STATE_CORP,
        }[r.body.kind]
        cases.conclusion_record(
            request_id=r.pk, actor=u(who), answer="positive", technical_conditions=_pdf("tu.pdf")
        )
    cases.final_act_prepare(
        application_id=application_id, actor=u(Role.ARCH_EXECUTOR), final_file=_pdf()
    )
    cases.final_act_sign(application_id=application_id, actor=u(Role.ARCH_HEAD))
    # Issued as the system: with the State Corporation official as actor, invoice_issue locks
    # a DISTINCT scope query, which PostgreSQL refuses (reported to the workflow owner).
    cases.invoice_issue(application_id=application_id, actor=None)
    cases.act_send(application_id=application_id, actor=u(Role.ARCH_EXECUTOR))


def officials_to_granted(world, application_id: int) -> None:
    """§6 steps 2.1–2.5 once the applicant has agreed and paid."""
    u = world.user
    cases.cadastral_plan_submit(
        application_id=application_id,
        actor=u(Role.STATE_CORP),
        file=_pdf(),
        cadastral_number="20-321-045-123",
    )
    cases.cadastral_plan_approve(
        application_id=application_id, actor=u(Role.LAND_HEAD), executor=u(Role.LAND_EXECUTOR)
    )
    cases.decision_draft(
        application_id=application_id,
        actor=u(Role.LAND_EXECUTOR),
        text="Предоставить право временного возмездного землепользования.",
    )
    cases.decision_sign(application_id=application_id, actor=u(Role.LEADERSHIP))
    cases.decision_register(application_id=application_id, actor=u(Role.CLERK))
