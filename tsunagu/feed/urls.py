"""Addresses of the news feed; the feed itself is the signed-in member's home (`core:home`)."""

from django.urls import path

from tsunagu.feed import views

app_name = "feed"

urlpatterns = [
    path("feed/new/", views.feed_newer, name="newer"),
]
