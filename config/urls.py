from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from config.health import healthz
from config.language import set_language

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/", include("config.api_urls")),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("dashboard/", include("workflow.dashboard_urls")),
    path("bodies/", include("approvals.urls")),
    path("", include("landplots.urls")),
    prefix_default_language=False,
)

handler403 = "config.errors.forbidden"
handler404 = "config.errors.not_found"
