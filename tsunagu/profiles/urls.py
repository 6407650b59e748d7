from django.urls import path

from tsunagu.profiles import views

app_name = "profiles"

urlpatterns = [
    path("members/<int:member_id>/", views.profile_detail, name="detail"),
    path("settings/profile/", views.profile_edit, name="edit"),
    path("settings/profile/avatar/", views.avatar_upload, name="avatar_upload"),
    path("settings/profile/avatar/remove/", views.avatar_remove, name="avatar_remove"),
]
