"""The site's own 404 page: in the page's language, with the reason when the code gave one
("No such case in your scope."), never the resolver's internals."""

from django.shortcuts import render


def not_found(request, exception):
    reason = exception.args[0] if exception.args else ""
    return render(
        request, "404.html", {"message": reason if isinstance(reason, str) else ""}, status=404
    )
