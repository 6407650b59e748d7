from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FriendsConfig(AppConfig):
    name = "tsunagu.friends"
    label = "friends"
    verbose_name = _("Friends")

    def ready(self) -> None:
        from tsunagu.friends import notification_targets

        notification_targets.register()
