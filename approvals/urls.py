from django.urls import path

from approvals import views

app_name = "approvals"
urlpatterns = [
    path("", views.request_list, name="request_list"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path(
        "requests/<int:pk>/technical-conditions/",
        views.technical_conditions_download,
        name="technical_conditions",
    ),
]
