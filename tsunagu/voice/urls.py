from django.urls import path

from tsunagu.voice import views

app_name = "voice"

urlpatterns = [
    path("voice/", views.voice_mine, name="mine"),
    path("voice/new/", views.post_create, name="create"),
    path("voice/<int:post_id>/", views.post_detail, name="post"),
    path("voice/<int:post_id>/replies/", views.reply_create, name="reply_create"),
    path("voice/<int:post_id>/delete/", views.post_delete, name="delete"),
    path("voice/<int:post_id>/photo/", views.photo, name="photo"),
    path("voice/<int:post_id>/photo/thumbnail/", views.photo_thumbnail, name="photo_thumbnail"),
    path("members/<int:member_id>/voice/", views.member_voice, name="list"),
    path("members/@<str:handle>/", views.mention, name="mention"),
    path("hashtags/", views.trending, name="trending"),
    path("hashtags/<str:tag>/", views.hashtag, name="hashtag"),
]
