from django.urls import path

from workflow.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.dashboard, name="index"),
    path("clocks/<slug:bucket>/", views.clock_list, name="clocks"),
    path("export/<slug:table>.<slug:fmt>", views.export, name="export"),
]
