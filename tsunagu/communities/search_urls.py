"""Pages for finding communities: search and discovery (see search_views.py)."""

from django.urls import path

from tsunagu.communities import search_views

app_name = "community_search"

urlpatterns = [
    path("communities/search/", search_views.community_search, name="search"),
    path("communities/discover/", search_views.community_discover, name="discover"),
]
