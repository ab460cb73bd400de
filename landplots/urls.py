from django.urls import path

from landplots import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("sign-up/", views.sign_up, name="sign_up"),
    path("sign-up/<slug:kind>/", views.sign_up, name="sign_up_kind"),
    path("login/", views.log_in, name="login"),
    path("logout/", views.log_out, name="logout"),
    path("cabinet/", views.cabinet, name="cabinet"),
    path("cabinet/notifications/", views.notifications, name="notifications"),
    path("cabinet/providers/", views.provider_children, name="provider_children"),
    path("cabinet/applications/new/", views.application_new, name="application_new"),
    path("cabinet/applications/<int:pk>/", views.application_detail, name="application"),
    path("cabinet/applications/<int:pk>/edit/", views.application_edit, name="application_edit"),
    path(
        "cabinet/applications/<int:pk>/submit/",
        views.application_submit,
        name="application_submit",
    ),
    path(
        "cabinet/applications/<int:pk>/documents/<slug:kind>/",
        views.document,
        name="document",
    ),
    path("cabinet/applications/<int:pk>/agree/", views.act_agree, name="act_agree"),
    path("cabinet/applications/<int:pk>/pay/", views.pay_start, name="pay"),
    path("cabinet/applications/<int:pk>/complaint/", views.complaint_new, name="complaint_new"),
    path("gateway/local/<str:reference>/", views.gateway, name="gateway"),
    path("payments/callback/", views.payment_callback, name="payment_callback"),
]
