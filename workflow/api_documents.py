"""Documents of a case over the API. An applicant opens what the portal's cabinet shows them
(``landplots.selectors.case_documents``: only what has been sent to them); an official in scope
opens what the back office does (the uploaded files and the generated PDFs). The case is found
through the scope selector first: outside it, 404."""

import posixpath
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from landplots import selectors as portal
from landplots.models import Application
from workflow.backoffice.views import CASE_FILE_KINDS, _case_file
from workflow.documents import DocumentNotReady, render_document
from workflow.documents.texts import LANGUAGES
from workflow.selectors import applications_for_user, official_of
from workflow.services.errors import Conflict, NotFound

NOT_YET = gettext_lazy("This document is not available yet.")
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
# The generated PDFs of workflow/documents, under kinds of their own: an official may hold
# both the signed decision as uploaded and the decision as the system writes it.
GENERATED = {"act-pdf": "act", "refusal-pdf": "refusal", "decision-pdf": "decision"}
# What an applicant may ever open, whether or not it has been sent yet (``tu-<id>`` aside).
APPLICANT_KINDS = (
    "scheme",
    "final_act",
    "situational_scheme",
    "apz",
    "decision",
    "cadastral_plan",
    "refusal",
)


@dataclass(frozen=True)
class Document:
    kind: str
    title: str
    generated: bool


def _related(application, name):
    try:
        return getattr(application, name)
    except ObjectDoesNotExist:
        return None


def _is_applicant(user) -> bool:
    return official_of(user) is None and not user.is_superuser


def documents_open_to(application: Application, user) -> list[Document]:
    if _is_applicant(user):
        # The invoice is a page of the cabinet, not a file; its figures are in the card.
        return [
            Document(d.kind, str(d.label), not d.has_file)
            for d in portal.case_documents(application=application)
            if d.kind != "invoice"
        ]
    files = [
        Document(kind, kind.replace("_", " "), False)
        for kind in CASE_FILE_KINDS
        if _case_file(application, kind)
    ]
    sources = {"act": "selection_act", "refusal": "refusal", "decision": "decision"}
    generated = [
        Document(kind, f"{doc} (PDF)", True)
        for kind, doc in GENERATED.items()
        if _related(application, sources[doc]) is not None
    ]
    return files + generated


def _known(kind: str, user) -> bool:
    if _is_applicant(user):
        return kind in APPLICANT_KINDS or kind.startswith("tu-")
    return kind in CASE_FILE_KINDS or kind in GENERATED


def _file_response(field_file, stem: str) -> FileResponse:
    ext = posixpath.splitext(field_file.name)[1].lower()
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise NotFound() from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{stem}{ext or '.bin'}",
        content_type=CONTENT_TYPES.get(ext, "application/octet-stream"),
    )


def _pdf_response(application, doc: str, lang: str, stem: str) -> HttpResponse:
    try:
        content = render_document(application, kind=doc, lang=lang)
    except DocumentNotReady:
        raise Conflict(NOT_YET) from None
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{stem}-{lang}.pdf"'
    return response


class DocumentSerializer(serializers.Serializer):
    kind = serializers.CharField()
    title = serializers.CharField()
    generated = serializers.BooleanField(
        help_text=gettext_lazy("Written by the system as a PDF (in Kazakh or Russian).")
    )
    url = serializers.CharField()


class DocumentQuery(serializers.Serializer):
    lang = serializers.ChoiceField(
        choices=LANGUAGES,
        required=False,
        help_text=gettext_lazy("For generated PDFs; default: the request's language."),
    )


def _case(user, pk: int) -> Application:
    return get_object_or_404(
        applications_for_user(user).select_related("provider", "applicant"), pk=pk
    )


class DocumentListApi(APIView):
    """The documents of the case you may open now. An applicant: what has been sent to the
    cabinet (the final act and its annexes, the decision, the cadastral plan, the refusal).
    An official in scope: the uploaded files and the generated PDFs."""

    @extend_schema(responses=DocumentSerializer(many=True))
    def get(self, request, pk: int):
        application = _case(request.user, pk)
        rows = [
            {
                "kind": d.kind,
                "title": d.title,
                "generated": d.generated,
                "url": request.build_absolute_uri(
                    reverse("api-document", args=[application.pk, d.kind])
                ),
            }
            for d in documents_open_to(application, request.user)
        ]
        return Response(DocumentSerializer(rows, many=True).data)


BINARY = {
    (200, media): OpenApiTypes.BINARY for media in ("application/pdf", "image/png", "image/jpeg")
}


class DocumentDownloadApi(APIView):
    """Download one document of the case: 404 outside your scope or for a kind you never
    open; 409 while it is not available yet (not sent to the applicant, not written yet)."""

    @extend_schema(parameters=[DocumentQuery], responses=BINARY)
    def get(self, request, pk: int, kind: str):
        application = _case(request.user, pk)
        if not _known(kind, request.user):
            raise NotFound(_("There is no such document."))
        query = DocumentQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        active = (get_language() or "")[:2]
        lang = query.validated_data.get("lang") or (active if active in LANGUAGES else "ru")
        open_now = {d.kind: d for d in documents_open_to(application, request.user)}
        if kind not in open_now:
            raise Conflict(NOT_YET)
        stem = f"{application.number or application.pk}-{kind}"
        if kind in GENERATED:
            return _pdf_response(application, GENERATED[kind], lang, stem)
        if not _is_applicant(request.user):
            return _file_response(_case_file(application, kind), stem)
        if open_now[kind].generated:
            # The refusal, and a decision registered without a scanned file: the PDF the
            # system writes from the case.
            return _pdf_response(application, kind, lang, stem)
        return _file_response(portal.document_file(application=application, kind=kind), stem)
