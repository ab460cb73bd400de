from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LandplotsConfig(AppConfig):
    name = "landplots"
    verbose_name = _("Land plots")
