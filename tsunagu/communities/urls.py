"""Community pages: the community and its members (views.py), topics and events (topic_views.py)."""

from django.urls import path

from tsunagu.communities import topic_views, views

app_name = "communities"

urlpatterns = [
    # Communities and membership (コミュニティ).
    path("communities/mine/", views.my_communities, name="mine"),
    path("communities/new/", views.community_create, name="create"),
    path("communities/<int:community_id>/", views.community_detail, name="detail"),
    path("communities/<int:community_id>/image/", views.community_image, name="image"),
    path("communities/<int:community_id>/edit/", views.community_edit, name="edit"),
    path("communities/<int:community_id>/image/upload/", views.community_image_upload, name="image_upload"),
    path("communities/<int:community_id>/image/remove/", views.community_image_remove, name="image_remove"),
    path("communities/<int:community_id>/delete/", views.community_delete, name="delete"),
    path("communities/<int:community_id>/join/", views.community_join, name="join"),
    path("communities/<int:community_id>/leave/", views.community_leave, name="leave"),
    path("communities/<int:community_id>/members/", views.community_members, name="members"),
    path("communities/<int:community_id>/manage/", views.community_manage, name="manage"),
    path("communities/<int:community_id>/offer/accept/", views.role_offer_accept, name="offer_accept"),
    path("communities/<int:community_id>/offer/decline/", views.role_offer_decline, name="offer_decline"),
    path("communities/<int:community_id>/resign/", views.sub_admin_resign, name="resign"),
    path("communities/<int:community_id>/members/<int:member_id>/approve/", views.request_approve, name="approve"),
    path("communities/<int:community_id>/members/<int:member_id>/decline/", views.request_decline, name="decline"),
    path("communities/<int:community_id>/members/<int:member_id>/remove/", views.member_remove, name="remove"),
    path("communities/<int:community_id>/members/<int:member_id>/offer/", views.role_offer_make, name="offer"),
    path(
        "communities/<int:community_id>/members/<int:member_id>/offer/withdraw/",
        views.role_offer_withdraw,
        name="offer_withdraw",
    ),
    path("communities/<int:community_id>/members/<int:member_id>/demote/", views.sub_admin_demote, name="demote"),
    path("communities/<int:community_id>/bars/<int:member_id>/lift/", views.bar_lift, name="bar_lift"),
    path("members/<int:member_id>/communities/", views.member_communities, name="member"),
    path("members/<int:member_id>/communities/latest/", views.member_communities_latest, name="member_latest"),
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
