from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path
from django.views.static import serve

from tsunagu.core import views as core_views
from tsunagu.core.api import api

core_patterns = (
    [
        path("", core_views.home, name="home"),
        path("language/", core_views.set_language, name="set_language"),
        path("healthz", core_views.health, name="health"),
    ],
    "core",
)

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include(core_patterns)),
    path("", include("tsunagu.accounts.urls")),
    path("", include("tsunagu.profiles.urls")),
    path("", include("tsunagu.friends.urls")),
    path("", include("tsunagu.footprints.urls")),
    path("", include("tsunagu.diary.urls")),
    path("", include("tsunagu.reactions.urls")),
    path("", include("tsunagu.notifications.urls")),
    path("", include("tsunagu.messaging.urls")),
    path("", include("tsunagu.voice.urls")),
    path("", include("tsunagu.feed.urls")),
    path("", include("tsunagu.communities.urls")),
    path("", include("tsunagu.communities.search_urls")),
    path("", include("tsunagu.communities.moderation_urls")),
    path("", include("tsunagu.communities.feed_urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler404 = "tsunagu.core.views.not_found"

if settings.SERVE_MEDIA:
    # The embedded shape serves uploads itself; production puts them behind object storage or the proxy.
    urlpatterns.append(re_path(r"^media/(?P<path>avatars/.+)$", serve, {"document_root": settings.MEDIA_ROOT}))
