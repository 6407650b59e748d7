"""The per-community news feed switch (see feed_views.py)."""

from django.urls import path

from tsunagu.communities import feed_views

app_name = "community_feed"

urlpatterns = [
    path("communities/<int:community_id>/feed/", feed_views.feed_switch, name="switch"),
]
