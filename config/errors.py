"""The site's own 404 and 403 pages: in the page's language, with the reason when the code
gave one ("No such case in your scope."), never the resolver's internals."""

from django.shortcuts import render
from django.urls import reverse


def _reason(exception) -> str:
    reason = exception.args[0] if exception.args else ""
    return reason if isinstance(reason, str) else ""


def not_found(request, exception):
    return render(request, "404.html", {"message": _reason(exception)}, status=404)


def forbidden(request, exception):
    """Django's admin refuses a page with a bare PermissionDenied; say so in words and lead
    staff back to their own start page, everyone else to the portal's."""
    staff = getattr(request, "user", None) is not None and request.user.is_staff
    return render(
        request,
        "403.html",
        {
            "message": _reason(exception),
            "back_url": reverse("admin:index") if staff else reverse("portal:home"),
        },
        status=403,
    )
