from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FootprintsConfig(AppConfig):
    name = "tsunagu.footprints"
    label = "footprints"
    verbose_name = _("Footprints")
