"""The REST API, mounted at /api/. The schema and its two readers come from our own static
files (drf-spectacular-sidecar): no CDN."""

from django.conf import settings
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.authtoken.views import obtain_auth_token

from approvals import apis as approvals_apis
from landplots import apis as landplots_apis
from workflow import api_documents
from workflow import apis as workflow_apis

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("schema/swagger/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("schema/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
    path("auth/token/", obtain_auth_token, name="api-token"),
    # Applications (everyone, in scope) and the applicant's own actions.
    path(
        "applications/",
        landplots_apis.ApplicationListCreateApi.as_view(),
        name="api-applications",
    ),
    path(
        "applications/<int:pk>/",
        landplots_apis.ApplicationDetailApi.as_view(),
        name="api-application",
    ),
    path(
        "applications/<int:pk>/location-scheme/",
        landplots_apis.LocationSchemeApi.as_view(),
        name="api-location-scheme",
    ),
    path(
        "applications/<int:pk>/submit/",
        landplots_apis.ApplicationSubmitApi.as_view(),
        name="api-submit",
    ),
    path(
        "applications/<int:pk>/agree/",
        landplots_apis.ActAgreeApi.as_view(),
        name="api-agree",
    ),
    path(
        "applications/<int:pk>/payment/",
        landplots_apis.PaymentApi.as_view(),
        name="api-payment",
    ),
    path(
        "applications/<int:pk>/complaints/",
        landplots_apis.ComplaintListCreateApi.as_view(),
        name="api-complaints",
    ),
    path(
        "complaints/<int:pk>/answer/",
        landplots_apis.ComplaintAnswerApi.as_view(),
        name="api-complaint-answer",
    ),
    path(
        "notifications/",
        landplots_apis.NotificationListApi.as_view(),
        name="api-notifications",
    ),
    path(
        "notifications/<int:pk>/read/",
        landplots_apis.NotificationReadApi.as_view(),
        name="api-notification-read",
    ),
    # Documents: the applicant's once sent to them; an official's in scope.
    path(
        "applications/<int:pk>/documents/",
        api_documents.DocumentListApi.as_view(),
        name="api-documents",
    ),
    path(
        "applications/<int:pk>/documents/<str:kind>/",
        api_documents.DocumentDownloadApi.as_view(),
        name="api-document",
    ),
    # Officials: the steps of §6.
    path(
        "applications/<int:pk>/transitions/",
        workflow_apis.TransitionListApi.as_view(),
        name="api-transitions",
    ),
    path(
        "applications/<int:pk>/transitions/<str:name>/",
        workflow_apis.TransitionRunApi.as_view(),
        name="api-transition",
    ),
    path(
        "applications/<int:pk>/invoice/",
        workflow_apis.InvoiceIssueApi.as_view(),
        name="api-invoice",
    ),
    # Approving bodies and utilities.
    path(
        "approval-requests/",
        approvals_apis.ApprovalRequestListApi.as_view(),
        name="api-approval-requests",
    ),
    path(
        "approval-requests/<int:pk>/",
        approvals_apis.ApprovalRequestDetailApi.as_view(),
        name="api-approval-request",
    ),
    path(
        "approval-requests/<int:pk>/answer/",
        approvals_apis.ConclusionApi.as_view(),
        name="api-conclusion",
    ),
    # Supervisors, and anyone: the calendar.
    path("dashboard/", workflow_apis.DashboardApi.as_view(), name="api-dashboard"),
    path(
        "calendar/working-day/",
        workflow_apis.WorkingDayApi.as_view(),
        name="api-working-day",
    ),
    path("calendar/due/", workflow_apis.DueInstantApi.as_view(), name="api-due"),
]

if settings.API_BENCH_ENDPOINTS:
    # Bare endpoints that bench/api.py compares the real ones with; off unless asked for.
    urlpatterns.append(path("bench/", include("config.api_bench")))

# Last: any other path under /api/ (an unknown one, or an id that is no number) answers 404 in
# the API's error shape, not with the site's HTML page.
urlpatterns.append(re_path(r"^.*$", workflow_apis.ApiNotFound.as_view()))
