from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiaryConfig(AppConfig):
    name = "tsunagu.diary"
    verbose_name = _("Diary")

    def ready(self) -> None:
        from tsunagu.diary import notification_targets, reactables

        reactables.register()
        notification_targets.register()
