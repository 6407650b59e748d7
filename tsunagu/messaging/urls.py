from django.urls import path

from tsunagu.messaging import views

app_name = "messaging"

urlpatterns = [
    path("messages/", views.inbox, name="inbox"),
    path("messages/sent/", views.sent, name="sent"),
    path("messages/trash/", views.trash, name="trash"),
    path("messages/new/", views.compose, name="compose"),
    path("messages/settings/", views.message_settings, name="settings"),
    path("messages/<int:message_id>/", views.message_detail, name="detail"),
    path("messages/<int:message_id>/reply/", views.reply, name="reply"),
    path("messages/<int:message_id>/trash/", views.message_trash, name="move_to_trash"),
    path("messages/<int:message_id>/restore/", views.message_restore, name="restore"),
    path("messages/<int:message_id>/delete/", views.message_delete, name="delete"),
]
