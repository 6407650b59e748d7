"""Template context every page needs: the site's name and the operator's switches."""

from django.conf import settings
from django.http import HttpRequest

from tsunagu.core.models import SiteSettings


def site(request: HttpRequest) -> dict[str, object]:
    # Not "site_name": Django's auth views put the request's domain under that name.
    return {"site_title": settings.SITE_NAME, "site_settings": SiteSettings.load()}
