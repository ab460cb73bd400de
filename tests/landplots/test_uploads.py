"""The one check of an uploaded document (landplots/uploads.py): a PDF, JPEG or PNG by its
content, within the size limit, stored under our own name."""

import io

import pytest
from django.core.files.base import ContentFile
from django.utils import translation

from landplots.uploads import (
    DocumentRejected,
    checked_document,
    document_kind,
    document_problem,
)
from tests.factories import PDF_BYTES
from tests.landplots.helpers import JPEG_BYTES, PE_BYTES, PNG_BYTES


@pytest.mark.parametrize(
    ("content", "kind"), [(PDF_BYTES, "pdf"), (JPEG_BYTES, "jpg"), (PNG_BYTES, "png")]
)
def test_a_document_is_known_by_its_content_not_its_name(content, kind):
    # given a file whose name says something else
    upload = ContentFile(content, name="../../etc/Скан 1.exe")
    # then the content decides, and the file gets our stem and the true extension
    assert document_problem(upload) is None
    assert document_kind(upload) == kind
    assert checked_document(upload, "draft-act") is upload
    assert upload.name == f"draft-act.{kind}"
    # and the check leaves the file readable from its start
    assert upload.read() == content


@pytest.mark.parametrize("content", [b"plain text, not an act\n", PE_BYTES, b""])
def test_a_text_or_program_named_pdf_is_rejected(content):
    upload = ContentFile(content, name="act.pdf")
    assert document_problem(upload) == "Upload a PDF, JPEG or PNG file."
    with pytest.raises(DocumentRejected) as rejected:
        checked_document(upload, "draft-act")
    assert rejected.value.code == "kind"
    # and the sender's name is left as it was
    assert upload.name == "act.pdf"


def test_a_file_over_the_limit_is_rejected_even_when_it_is_a_pdf(settings):
    settings.PORTAL_UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    upload = ContentFile(PDF_BYTES + b"0" * (2 * 1024 * 1024), name="act.pdf")
    with pytest.raises(DocumentRejected) as rejected:
        checked_document(upload, "draft-act")
    assert rejected.value.code == "size"
    assert rejected.value.limit_mb == 2
    assert rejected.value.message == "The file is too large: at most 2 MB."


def test_a_plain_file_object_without_a_size_is_measured():
    """Any file object a caller passes, not only Django's uploads."""
    upload = io.BytesIO(PDF_BYTES + b"0" * 64)
    assert document_kind(upload) == "pdf"


def test_the_message_is_in_the_language_of_the_request():
    upload = ContentFile(b"plain text", name="act.pdf")
    with translation.override("ru"):
        assert document_problem(upload) == "Загрузите файл PDF, JPEG или PNG."
    with translation.override("kk"):
        assert document_problem(upload) == "PDF, JPEG немесе PNG файлын жүктеңіз."
