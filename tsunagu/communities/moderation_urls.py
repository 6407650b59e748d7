"""Moderation pages: reporting, the admins' reports, messages to all members (see moderation_views.py)."""

from django.urls import path

from tsunagu.communities import moderation_views

app_name = "community_moderation"

urlpatterns = [
    path("topics/<int:topic_id>/report/", moderation_views.report_topic, name="report_topic"),
    path(
        "topics/<int:topic_id>/comments/<int:comment_id>/report/",
        moderation_views.report_comment,
        name="report_comment",
    ),
    path("communities/<int:community_id>/reports/", moderation_views.reports, name="reports"),
    path("community-reports/<int:report_id>/resolve/", moderation_views.report_resolve, name="report_resolve"),
    path("community-reports/<int:report_id>/reopen/", moderation_views.report_reopen, name="report_reopen"),
    path(
        "community-reports/<int:report_id>/delete-item/", moderation_views.report_item_delete, name="report_item_delete"
    ),
    path("communities/<int:community_id>/message/", moderation_views.community_message, name="message"),
]
