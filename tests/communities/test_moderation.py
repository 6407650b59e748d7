"""Moderation: reports of topics and comments (only what the reporter can read, once each, with a reason), the
admins' list with handled/reopen/delete, and the operator's queue in the Django admin."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.api.helpers import assert_error
from tests.communities.topic_helpers import a_topic, ask_to_join, closed_community, community_of, join, make_sub_admin
from tests.friends.api.helpers import api
from tests.friends.test_pages import as_member, html
from tests.queries import PAGE_FRAME
from tsunagu.accounts.models import Member
from tsunagu.communities.models import Community, Report, Topic, TopicComment
from tsunagu.communities.moderation import (
    report_create,
    report_reopen,
    report_resolve,
    reported_item_delete,
    reported_item_operator_delete,
)
from tsunagu.communities.moderation_selectors import reports_page
from tsunagu.communities.topic_services import topic_comment_create, topic_comment_delete
from tsunagu.core.errors import Conflict, Invalid, NotFound
from tsunagu.friends.services import block_create

pytestmark = pytest.mark.django_db

REASON = "差別的な書き込みです。"


@pytest.fixture
def admin(make_member: Callable[..., Member]) -> Member:
    return make_member("管理人")


@pytest.fixture
def author(make_member: Callable[..., Member]) -> Member:
    return make_member("書き手")


@pytest.fixture
def community(admin: Member, author: Member, member: Member) -> Community:
    community = community_of(admin, name="ラーメン部")
    join(author, community)
    join(member, community)
    return community


@pytest.fixture
def topic(author: Member, community: Community) -> Topic:
    return a_topic(author, community, title="問題のトピック", body="ひどい本文")


@pytest.fixture
def comment(author: Member, topic: Topic) -> TopicComment:
    return topic_comment_create(author=author, topic_id=topic.pk, body="ひどいコメント")


def open_reports(viewer: Member, community: Community) -> list[int]:
    return [row.report.pk for row in reports_page(viewer=viewer, community_id=community.pk)[1].items]


# --- reporting ----------------------------------------------------------------------------------------------


def test_a_member_reports_a_topic_and_a_comment(member: Member, topic: Topic, comment: TopicComment) -> None:
    on_topic = report_create(reporter=member, topic_id=topic.pk, reason=REASON)
    on_comment = report_create(reporter=member, topic_id=topic.pk, comment_id=comment.pk, reason="  スパム  ")
    assert (on_topic.community_id, on_topic.topic_id, on_topic.comment_id) == (topic.community_id, topic.pk, None)
    assert (on_comment.comment_id, on_comment.reason) == (comment.pk, "スパム")


def test_non_members_report_what_they_can_read(other: Member, topic: Topic) -> None:
    """An open community lets every signed-in member read its topics, and so report them."""
    assert report_create(reporter=other, topic_id=topic.pk, reason=REASON).reporter_id == other.pk


def test_what_the_reporter_cannot_read_is_not_found(
    admin: Member, author: Member, member: Member, other: Member, make_member: Callable[..., Member]
) -> None:
    closed = closed_community(admin)
    join(author, closed)
    hidden = a_topic(author, closed)
    pending = make_member("承認待ち")
    ask_to_join(pending, closed)
    for reporter in (other, pending):
        with pytest.raises(NotFound):
            report_create(reporter=reporter, topic_id=hidden.pk, reason=REASON)
    with pytest.raises(NotFound):
        report_create(reporter=other, topic_id=999_999, reason=REASON)
    assert not Report.objects.exists()


def test_a_blocking_authors_topic_and_comment_are_not_found(
    member: Member, author: Member, topic: Topic, comment: TopicComment, admin: Member
) -> None:
    other_topic = a_topic(admin, topic.community)
    blocked_comment = topic_comment_create(author=author, topic_id=other_topic.pk, body="コメント")
    block_create(blocker=author, blocked_id=member.pk)
    with pytest.raises(NotFound):
        report_create(reporter=member, topic_id=topic.pk, reason=REASON)
    with pytest.raises(NotFound):
        report_create(reporter=member, topic_id=other_topic.pk, comment_id=blocked_comment.pk, reason=REASON)


def test_deleted_and_foreign_comments_are_not_found(
    member: Member, author: Member, topic: Topic, comment: TopicComment, admin: Member
) -> None:
    elsewhere = a_topic(admin, topic.community)
    with pytest.raises(NotFound):
        report_create(reporter=member, topic_id=elsewhere.pk, comment_id=comment.pk, reason=REASON)
    topic_comment_delete(member=author, topic_id=topic.pk, comment_id=comment.pk)
    with pytest.raises(NotFound):
        report_create(reporter=member, topic_id=topic.pk, comment_id=comment.pk, reason=REASON)


def test_one_report_per_member_per_item(member: Member, other: Member, topic: Topic, comment: TopicComment) -> None:
    report_create(reporter=member, topic_id=topic.pk, reason=REASON)
    with pytest.raises(Conflict) as error:
        report_create(reporter=member, topic_id=topic.pk, reason="もう一度")
    assert error.value.code == "already_reported"
    report_create(reporter=member, topic_id=topic.pk, comment_id=comment.pk, reason=REASON)
    report_create(reporter=other, topic_id=topic.pk, reason=REASON)
    assert Report.objects.count() == 3


@pytest.mark.parametrize("reason", [None, "", "   ", "あ" * 1001, 42])
def test_a_reason_is_required(member: Member, topic: Topic, reason: Any) -> None:
    with pytest.raises(Invalid) as error:
        report_create(reporter=member, topic_id=topic.pk, reason=reason)
    assert list(error.value.fields) == ["reason"]


def test_ones_own_writing_cannot_be_reported(author: Member, topic: Topic, comment: TopicComment) -> None:
    with pytest.raises(Invalid):
        report_create(reporter=author, topic_id=topic.pk, reason=REASON)
    with pytest.raises(Invalid):
        report_create(reporter=author, topic_id=topic.pk, comment_id=comment.pk, reason=REASON)


# --- the admins' list ---------------------------------------------------------------------------------------


def test_the_admin_and_sub_admins_see_the_reports_others_get_404(
    admin: Member, member: Member, other: Member, author: Member, community: Community, topic: Topic
) -> None:
    report = report_create(reporter=member, topic_id=topic.pk, reason=REASON)
    make_sub_admin(admin, author, community)
    assert open_reports(admin, community) == [report.pk]
    assert open_reports(author, community) == [report.pk]
    for outsider in (member, other):
        with pytest.raises(Exception) as error:
            reports_page(viewer=outsider, community_id=community.pk)
        assert error.type.__name__ == "Http404"
        with pytest.raises(NotFound):
            report_resolve(moderator=outsider, report_id=report.pk)


def test_handled_reports_move_to_their_own_list_and_back(
    admin: Member, member: Member, community: Community, topic: Topic
) -> None:
    report = report_create(reporter=member, topic_id=topic.pk, reason=REASON)
    report_resolve(moderator=admin, report_id=report.pk)
    assert open_reports(admin, community) == []
    handled = reports_page(viewer=admin, community_id=community.pk, resolved=True)[1].items
    assert [row.report.pk for row in handled] == [report.pk]
    report_reopen(moderator=admin, report_id=report.pk)
    assert open_reports(admin, community) == [report.pk]


def test_the_admins_delete_the_reported_items(
    admin: Member, member: Member, other: Member, community: Community, topic: Topic, comment: TopicComment
) -> None:
    on_comment = report_create(reporter=member, topic_id=topic.pk, comment_id=comment.pk, reason=REASON)
    also = report_create(reporter=other, topic_id=topic.pk, comment_id=comment.pk, reason=REASON)
    reported_item_delete(moderator=admin, report_id=on_comment.pk)
    comment.refresh_from_db()
    assert comment.deleted_at is not None and comment.body == ""
    assert set(Report.objects.filter(resolved_at__isnull=False).values_list("pk", flat=True)) == {
        on_comment.pk,
        also.pk,
    }
    on_topic = report_create(reporter=member, topic_id=topic.pk, reason=REASON)
    reported_item_delete(moderator=admin, report_id=on_topic.pk)
    assert not Topic.objects.filter(pk=topic.pk).exists()
    assert not Report.objects.exists()  # a topic's reports go with it


def test_the_list_hides_what_the_admin_cannot_read(
    admin: Member, member: Member, author: Member, community: Community, topic: Topic, comment: TopicComment
) -> None:
    report_create(reporter=member, topic_id=topic.pk, comment_id=comment.pk, reason=REASON)
    (row,) = reports_page(viewer=admin, community_id=community.pk)[1].items
    assert row.item_readable
    block_create(blocker=author, blocked_id=admin.pk)
    (row,) = reports_page(viewer=admin, community_id=community.pk)[1].items
    assert not row.topic_readable and not row.comment_readable


def test_the_reports_page(admin: Member, member: Member, community: Community, topic: Topic, comment: Any) -> None:
    report = report_create(reporter=member, topic_id=topic.pk, reason="ひどい書き込み")
    client = as_member(admin)
    page = html(client.get(f"/communities/{community.pk}/reports/"))
    assert f'data-report="{report.pk}"' in page and "ひどい書き込み" in page and "問題のトピック" in page
    assert member.nickname not in page  # who reported is the operator's to know
    response = client.post(f"/community-reports/{report.pk}/resolve/")
    assert response.status_code == 302
    assert f'data-report="{report.pk}"' not in html(client.get(f"/communities/{community.pk}/reports/"))
    assert f'data-report="{report.pk}"' in html(client.get(f"/communities/{community.pk}/reports/?state=resolved"))
    assert as_member(member).get(f"/communities/{community.pk}/reports/").status_code == 404
    assert as_member(member).post(f"/community-reports/{report.pk}/resolve/").status_code == 404


def test_the_reports_page_costs_a_fixed_number_of_queries(
    admin: Member,
    community: Community,
    topic: Topic,
    make_member: Callable[..., Member],
    django_assert_max_num_queries: Any,
) -> None:
    for i in range(6):
        reporter = make_member(f"通報者{i}")
        join(reporter, community)
        comment = topic_comment_create(author=admin, topic_id=topic.pk, body=f"コメント{i}")
        report_create(reporter=reporter, topic_id=topic.pk, comment_id=comment.pk, reason=REASON)
    client = as_member(admin)
    with django_assert_max_num_queries(PAGE_FRAME + 5):
        page = html(client.get(f"/communities/{community.pk}/reports/"))
    assert page.count("data-report=") == 6


def test_the_report_pages(member: Member, other: Member, admin: Member, topic: Topic, comment: TopicComment) -> None:
    client = as_member(member)
    assert client.get(f"/topics/{topic.pk}/report/").status_code == 200
    response = client.post(f"/topics/{topic.pk}/report/", {"reason": ""})
    assert response.status_code == 400
    response = client.post(f"/topics/{topic.pk}/comments/{comment.pk}/report/", {"reason": REASON})
    assert response.status_code == 302 and response["Location"].endswith(f"/topics/{topic.pk}/#comment-1")
    response = client.post(f"/topics/{topic.pk}/comments/{comment.pk}/report/", {"reason": REASON})
    assert response.status_code == 400  # already reported: the form says so
    closed = closed_community(admin)
    hidden = a_topic(admin, closed)
    assert client.get(f"/topics/{hidden.pk}/report/").status_code == 404
    assert client.get(f"/topics/{topic.pk}/comments/999999/report/").status_code == 404


# --- the API ------------------------------------------------------------------------------------------------


def test_reports_in_the_api(
    client: Client, admin: Member, member: Member, other: Member, community: Community, topic: Topic, comment: Any
) -> None:
    response = api(client, "post", f"/topics/{topic.pk}/report", member, {"reason": REASON})
    assert response.status_code == 201, response.content
    report_id = response.json()["id"]
    assert response.json()["comment_id"] is None
    response = api(client, "post", f"/topics/{topic.pk}/comments/{comment.pk}/report", member, {"reason": REASON})
    assert response.status_code == 201
    assert_error(api(client, "post", f"/topics/{topic.pk}/report", member, {"reason": REASON}), 409, "already_reported")
    assert_error(api(client, "post", f"/topics/{topic.pk}/report", other, {}), 422, "invalid")
    assert_error(api(client, "post", "/topics/999999/report", other, {"reason": REASON}), 404, "not_found")
    body = api(client, "get", f"/communities/{community.pk}/reports", admin).json()
    assert [item["id"] for item in body["items"]] == [report_id + 1, report_id]
    assert body["items"][0]["comment"] == {"id": comment.pk, "number": 1, "body": "ひどいコメント"}
    assert body["items"][1]["topic"] == {"id": topic.pk, "title": "問題のトピック"}
    assert_error(api(client, "get", f"/communities/{community.pk}/reports", member), 404)
    resolved = api(client, "post", f"/community-reports/{report_id}/resolve", admin).json()
    assert resolved["resolved_at"] is not None
    assert [
        i["id"]
        for i in api(client, "get", f"/communities/{community.pk}/reports?state=resolved", admin).json()["items"]
    ] == [report_id]
    assert api(client, "delete", f"/community-reports/{report_id}/item", admin).status_code == 204
    assert not Topic.objects.filter(pk=topic.pk).exists()


# --- the operator -------------------------------------------------------------------------------------------


@pytest.fixture
def operator(db: None) -> Member:
    return Member.objects.create_superuser("operator@example.com", "operator-pass-42", nickname="運営")


def test_the_operators_queue(
    operator: Member, member: Member, topic: Topic, comment: TopicComment, caplog: pytest.LogCaptureFixture
) -> None:
    on_topic = report_create(reporter=member, topic_id=topic.pk, reason="トピックがひどい")
    on_comment = report_create(reporter=member, topic_id=topic.pk, comment_id=comment.pk, reason="コメントがひどい")
    report_resolve(moderator=topic.community.memberships.get(role="admin").member, report_id=on_topic.pk)
    client = Client()
    client.force_login(operator)
    page = html(client.get("/admin/communities/report/"))
    assert "トピックがひどい" in page and "コメントがひどい" in page
    page = html(client.get("/admin/communities/report/?state=open"))
    assert "コメントがひどい" in page and "トピックがひどい" not in page
    with caplog.at_level(logging.INFO, logger="tsunagu.moderation"):
        page = html(client.get(f"/admin/communities/report/{on_comment.pk}/change/"))
    assert "コメントがひどい" in page and "ひどいコメント" in page and member.nickname in page
    assert f"/topics/{topic.pk}/#comment-1" in page
    assert f"opened community report {on_comment.pk}" in caplog.text
    assert 'name="reason"' not in page  # read-only
    assert client.get("/admin/communities/report/add/").status_code == 403


def test_the_operator_deletes_reported_content(
    operator: Member, member: Member, topic: Topic, comment: TopicComment
) -> None:
    on_comment = report_create(reporter=member, topic_id=topic.pk, comment_id=comment.pk, reason=REASON)
    client = Client()
    client.force_login(operator)
    response = client.post(
        "/admin/communities/report/",
        {"action": "delete_reported_content", "_selected_action": [on_comment.pk]},
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.deleted_at is not None and comment.body == "" and comment.number == 1
    on_comment.refresh_from_db()
    assert on_comment.resolved_at is not None
    on_topic = report_create(reporter=member, topic_id=topic.pk, reason=REASON)
    reported_item_operator_delete(report_id=on_topic.pk)
    assert not Topic.objects.filter(pk=topic.pk).exists()
    assert not TopicComment.objects.filter(topic_id=topic.pk).exists()
