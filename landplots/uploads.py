"""What a file someone uploads may be: the one check for the portal, the back office and the
API. Judged by content, never by name; the stored name is always ours."""

from django.conf import settings

# A scan of a one-page scheme or an A3 document at 300 dpi is well under this; a bigger file
# is a mistake, not a document.
DEFAULT_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
# The leading bytes of each format we accept.
SIGNATURES = (
    (b"%PDF-", "pdf"),
    (b"\xff\xd8\xff", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
)


def upload_max_bytes() -> int:
    return getattr(settings, "PORTAL_UPLOAD_MAX_BYTES", DEFAULT_UPLOAD_MAX_BYTES)


def sniff_document(upload) -> str | None:
    """The kind of the file (pdf, jpg, png) from its first bytes, or None."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for magic, kind in SIGNATURES:
        if head.startswith(magic):
            return kind
    return None
