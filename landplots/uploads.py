"""What a file someone uploads may be: the one check for the portal, the back office, the API
and the step services. Judged by content, never by name; the stored name is always ours."""

from django.conf import settings
from django.utils.translation import gettext as _

# A scan of a one-page scheme or an A3 document at 300 dpi is well under this; a bigger file
# is a mistake, not a document.
DEFAULT_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
MB = 1024 * 1024
# The leading bytes of each format we accept.
SIGNATURES = (
    (b"%PDF-", "pdf"),
    (b"\xff\xd8\xff", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
)


class DocumentRejected(ValueError):
    """An upload that is not a document we take. ``code`` is ``"size"`` or ``"kind"``,
    ``message`` is for a person (translated), ``limit_mb`` is the size limit in MB."""

    def __init__(self, code: str, message: str, *, limit_mb: int):
        self.code = code
        self.message = message
        self.limit_mb = limit_mb
        super().__init__(message)


def upload_max_bytes() -> int:
    return getattr(settings, "PORTAL_UPLOAD_MAX_BYTES", DEFAULT_UPLOAD_MAX_BYTES)


def sniff_document(upload) -> str | None:
    """The kind of the file (pdf, jpg, png) from its first bytes, or None."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if isinstance(head, str):
        return None
    for magic, kind in SIGNATURES:
        if head.startswith(magic):
            return kind
    return None


def _size(upload) -> int:
    """The size in bytes; measured by seeking when the file object does not know it."""
    size = getattr(upload, "size", None)
    if size is not None:
        return size
    upload.seek(0, 2)
    size = upload.tell()
    upload.seek(0)
    return size


def document_kind(upload) -> str:
    """The kind (pdf, jpg, png) of an upload within the size limit, by its content;
    ``DocumentRejected`` otherwise. The file is not renamed."""
    limit = upload_max_bytes()
    limit_mb = limit // MB
    if _size(upload) > limit:
        raise DocumentRejected(
            "size",
            _("The file is too large: at most %(mb)s MB.") % {"mb": limit_mb},
            limit_mb=limit_mb,
        )
    kind = sniff_document(upload)
    if kind is None:
        raise DocumentRejected("kind", _("Upload a PDF, JPEG or PNG file."), limit_mb=limit_mb)
    return kind


def checked_document(upload, stem: str):
    """The upload, checked (size and kind by content) and renamed to ``<stem>.<kind>``: the
    stored name and extension are ours, never the sender's. ``DocumentRejected`` otherwise."""
    upload.name = f"{stem}.{document_kind(upload)}"
    return upload


def document_problem(upload) -> str | None:
    """What is wrong with the upload, for a person; None for a document we take."""
    try:
        document_kind(upload)
    except DocumentRejected as rejected:
        return rejected.message
    return None
