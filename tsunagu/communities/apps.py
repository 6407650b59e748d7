from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "tsunagu.communities"
    verbose_name = _("Communities")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from tsunagu.communities import (
            moderation_admin,  # noqa: F401  (registers reports in the admin)
            notification_targets,
            reactables,
        )
        from tsunagu.communities.search import fold_function_register, search_index_ensure

        notification_targets.register()
        reactables.register()

        # The search index's SQLite triggers call `tsunagu_fold` (see communities/search.py).
        connection_created.connect(fold_function_register, dispatch_uid="communities_fold_function")
        post_migrate.connect(search_index_ensure, sender=self, dispatch_uid="communities_search_index")
