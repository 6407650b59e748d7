from django.urls import path

from tsunagu.friends import views

app_name = "friends"

urlpatterns = [
    path("friends/", views.my_friends, name="mine"),
    path("friends/groups/", views.groups, name="groups"),
    path("friends/groups/new/", views.group_create, name="group_create"),
    path("friends/groups/<int:group_id>/", views.group_edit, name="group_edit"),
    path("friends/groups/<int:group_id>/delete/", views.group_delete, name="group_delete"),
    path("confirm/", views.confirm, name="confirm"),
    path("friend-requests/<int:request_id>/accept/", views.friend_request_accept, name="request_accept"),
    path("friend-requests/<int:request_id>/decline/", views.friend_request_decline, name="request_decline"),
    path("friend-requests/<int:request_id>/cancel/", views.friend_request_cancel, name="request_cancel"),
    path("members/<int:member_id>/friends/", views.member_friends, name="list"),
    path("members/<int:member_id>/friend-request/", views.friend_request, name="request"),
    path("members/<int:member_id>/remove-friend/", views.friend_remove, name="remove"),
    path("members/<int:member_id>/block/", views.block, name="block"),
    path("members/<int:member_id>/unblock/", views.unblock, name="unblock"),
    path("members/<int:member_id>/intro/", views.intro_write, name="intro"),
    path("members/<int:member_id>/intros/<int:intro_id>/hide/", views.intro_hide, name="intro_hide"),
    path("members/<int:member_id>/intros/<int:intro_id>/unhide/", views.intro_unhide, name="intro_unhide"),
    path("members/<int:member_id>/intros/<int:intro_id>/delete/", views.intro_delete, name="intro_delete"),
    path("settings/blocks/", views.blocks, name="blocks"),
]
