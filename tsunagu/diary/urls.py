from django.urls import path

from tsunagu.diary import views

app_name = "diary"

urlpatterns = [
    path("diary/", views.diary_mine, name="mine"),
    path("diary/new/", views.entry_create, name="create"),
    path("diary/commented/", views.commented, name="commented"),
    path("diary/<int:entry_id>/", views.entry_detail, name="entry"),
    path("diary/<int:entry_id>/edit/", views.entry_edit, name="edit"),
    path("diary/<int:entry_id>/delete/", views.entry_delete, name="delete"),
    path("diary/<int:entry_id>/comments/", views.comment_create, name="comment_create"),
    path("diary/<int:entry_id>/comments/<int:comment_id>/delete/", views.comment_delete, name="comment_delete"),
    path("diary/<int:entry_id>/photos/<int:photo_id>/", views.photo, name="photo"),
    path("diary/<int:entry_id>/photos/<int:photo_id>/thumbnail/", views.photo_thumbnail, name="photo_thumbnail"),
    path("diary/<int:entry_id>/photos/<int:photo_id>/delete/", views.photo_delete, name="photo_delete"),
    path("members/<int:member_id>/diary/", views.diary_list, name="list"),
    path("members/<int:member_id>/diary/latest/", views.diary_latest, name="latest"),
    path("members/<int:member_id>/diary/<int:year>/<int:month>/", views.diary_month, name="month"),
]
