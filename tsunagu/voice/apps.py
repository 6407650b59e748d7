from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VoiceConfig(AppConfig):
    name = "tsunagu.voice"
    verbose_name = _("Voice")

    def ready(self) -> None:
        from tsunagu.voice import notification_targets, reactables

        reactables.register()
        notification_targets.register()
