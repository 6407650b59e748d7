"""Community pages: topics and events (topic_views.py)."""

from django.urls import path

from tsunagu.communities import topic_views

app_name = "communities"

urlpatterns = [
    # Topics and events (トピック・イベント).
    path("communities/<int:community_id>/topics/", topic_views.topic_list, name="topic_list"),
    path("communities/<int:community_id>/topics/new/", topic_views.topic_create, name="topic_create"),
    path("communities/<int:community_id>/topics/latest/", topic_views.topics_latest, name="topics_latest"),
    path("communities/<int:community_id>/events/", topic_views.event_list, name="event_list"),
    path("communities/<int:community_id>/events/new/", topic_views.event_create, name="event_create"),
    path("topics/<int:topic_id>/", topic_views.topic_detail, name="topic"),
    path("topics/<int:topic_id>/edit/", topic_views.topic_edit, name="topic_edit"),
    path("topics/<int:topic_id>/delete/", topic_views.topic_delete, name="topic_delete"),
    path("topics/<int:topic_id>/comments/", topic_views.comment_create, name="topic_comment_create"),
    path(
        "topics/<int:topic_id>/comments/<int:comment_id>/delete/",
        topic_views.comment_delete,
        name="topic_comment_delete",
    ),
    path("topics/<int:topic_id>/photos/<int:photo_id>/", topic_views.photo, name="topic_photo"),
    path(
        "topics/<int:topic_id>/photos/<int:photo_id>/thumbnail/",
        topic_views.photo_thumbnail,
        name="topic_photo_thumbnail",
    ),
    path("topics/<int:topic_id>/photos/<int:photo_id>/delete/", topic_views.photo_delete, name="topic_photo_delete"),
    path("events/<int:topic_id>/join/", topic_views.event_join, name="event_join"),
    path("events/<int:topic_id>/leave/", topic_views.event_leave, name="event_leave"),
    path("events/<int:topic_id>/participants/", topic_views.participants, name="event_participants"),
]
