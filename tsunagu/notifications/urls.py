from django.urls import path

from tsunagu.notifications import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/<int:notification_id>/", views.notification_open, name="open"),
    path("notifications/read/", views.notifications_read_all, name="read_all"),
    path("notifications/settings/", views.notification_settings, name="settings"),
]
