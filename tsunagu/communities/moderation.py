"""Moderation in communities: members' reports (通報) of topics and comments to the community's admins and the
operator, and the admins' messages to all members (一斉メッセージ).

Reports: a member reports a topic or comment they can read (anything else is "not found", exactly like an
item that does not exist), once per item, with a reason. The community's admin and sub-admins see the
reports of their community and mark them handled, or delete the reported item through the topic services;
the operator sees every report in the admin (`moderation_admin`) and can delete reported items there.

Messages to all members: the admin or a sub-admin writes one message; a task delivers it after commit as a
message from them to each active member (`messaging.services.messages_send_to_members`): blocks on either
side stop it, and nothing else does, since joining a community is consent to its admins' messages (a
member's "friends only" setting is for strangers). At most `MESSAGES_PER_DAY` per community in 24 hours.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tsunagu.communities import selectors, topic_selectors, topic_services
from tsunagu.communities.models import (
    Community,
    CommunityMessage,
    Membership,
    MembershipState,
    Report,
    Topic,
    TopicComment,
)
from tsunagu.communities.notification_targets import COMMENT_KIND
from tsunagu.core.errors import Conflict, Forbidden, Invalid, NotFound, TooManyRequests, raise_if_invalid
from tsunagu.diary.selectors import id_or_404
from tsunagu.messaging.models import BODY_MAX_LENGTH, SUBJECT_MAX_LENGTH
from tsunagu.messaging.services import messages_send_to_members
from tsunagu.profiles.fields import FieldError, clean_text

if TYPE_CHECKING:
    from tsunagu.accounts.models import Member

REASON_MAX_LENGTH = 1_000
MESSAGES_PER_DAY = 3
MESSAGE_WINDOW = timedelta(days=1)


def _id(raw: Any) -> int:
    """An id from a request, or 0 (which matches nothing)."""
    try:
        return id_or_404(raw)
    except Http404:
        return 0


def _text(raw: Any, *, max_length: int, multiline: bool, field: str, errors: dict[str, list[str]]) -> str:
    """A required text field, cleaned; records a message in `errors` instead of raising."""
    if not isinstance(raw, str):
        errors[field] = [_("Enter text.")] if raw is not None else [_("This field is required.")]
        return ""
    try:
        value = clean_text(raw, max_length=max_length, multiline=multiline)
    except FieldError as error:
        errors[field] = [str(error)]
        return ""
    if not value:
        errors[field] = [_("This field is required.")]
    return value


# --- reports -------------------------------------------------------------------------------------------


def report_create(*, reporter: Member, topic_id: Any, comment_id: Any = None, reason: Any) -> Report:
    """Report a topic (or one of its comments, `comment_id`) that the reporter can read; once per item."""
    errors: dict[str, list[str]] = {}
    reason = _text(reason, max_length=REASON_MAX_LENGTH, multiline=True, field="reason", errors=errors)
    try:
        topic = topic_selectors.topic_for_viewer(viewer=reporter, topic_id=topic_id).topic
    except Http404:
        raise NotFound(_("That topic does not exist.")) from None
    comment = None
    if comment_id is not None:
        comment = topic_selectors.comments_for_viewer(viewer=reporter, topic=topic).filter(pk=_id(comment_id)).first()
        if comment is None or not topic_selectors.comment_readable(comment):
            raise NotFound(_("That comment does not exist."))
    if (comment.author_id if comment else topic.author_id) == reporter.pk:
        raise Invalid(_("You cannot report what you wrote yourself."), code="own")
    raise_if_invalid(errors)
    if Report.objects.filter(reporter=reporter, topic=topic, comment=comment).exists():
        raise _already_reported()
    try:
        with transaction.atomic():
            return Report.objects.create(
                community_id=topic.community_id, topic=topic, comment=comment, reporter=reporter, reason=reason
            )
    except IntegrityError:  # the same report sent twice at once
        raise _already_reported() from None


def _already_reported() -> Conflict:
    return Conflict(
        _("You have already reported this. The community's admins and the operator will look at it."),
        code="already_reported",
    )


def report_for_moderator(moderator: Member, report_id: Any) -> Report:
    """A report of a community the member runs (admin or sub-admin); NotFound for every other report."""
    report = Report.objects.filter(pk=_id(report_id)).first()
    if report is not None:
        try:
            if selectors.moderator_view(viewer=moderator, community_id=report.community_id):
                return report
        except Http404:
            pass
    raise NotFound(_("That report does not exist."))


def report_resolve(*, moderator: Member, report_id: Any) -> Report:
    """Mark a report handled (the admins looked at it; deleting the item is separate). Again changes nothing."""
    report = report_for_moderator(moderator, report_id)
    if report.resolved_at is None:
        report.resolved_at = timezone.now()
        report.save(update_fields=["resolved_at"])
    return report


def report_reopen(*, moderator: Member, report_id: Any) -> Report:
    """Put a handled report back among the open ones."""
    report = report_for_moderator(moderator, report_id)
    if report.resolved_at is not None:
        report.resolved_at = None
        report.save(update_fields=["resolved_at"])
    return report


def _reports_resolve(report: Report) -> None:
    """Every open report of the same item is handled once the item is gone."""
    Report.objects.filter(topic_id=report.topic_id, comment_id=report.comment_id, resolved_at__isnull=True).update(
        resolved_at=timezone.now()
    )


def reported_item_delete(*, moderator: Member, report_id: Any) -> None:
    """The community's admin or a sub-admin deletes the reported topic or comment (through the topic services,
    with their rules); the item's reports are handled (a topic's go with it)."""
    report = report_for_moderator(moderator, report_id)
    with transaction.atomic():
        if report.comment_id is None:
            topic_services.topic_delete(member=moderator, topic_id=report.topic_id)
        else:
            topic_services.topic_comment_delete(
                member=moderator, topic_id=report.topic_id, comment_id=report.comment_id
            )
            _reports_resolve(report)


def reported_item_operator_delete(*, report_id: Any) -> None:
    """The operator deletes the reported topic (with its comments, photos and their notifications) or erases the
    reported comment (it keeps its number), from the moderation queue in the admin."""
    from tsunagu.notifications.services import notifications_delete

    with transaction.atomic():
        report = Report.objects.select_for_update().filter(pk=_id(report_id)).first()
        if report is None:
            raise NotFound(_("That report does not exist."))
        if report.comment_id is None:
            # As `topic_services.topic_delete` does for the topic's author and admins.
            topic_services.topic_erase(Topic.objects.select_for_update().get(pk=report.topic_id))
            return
        comment = TopicComment.objects.select_for_update().filter(pk=report.comment_id, deleted_at__isnull=True).first()
        if comment is not None:
            # The topic services' own erasing: the comment keeps its number, loses its text, author and photos.
            topic_services.comment_erase(comment)
            notifications_delete(target_kind=COMMENT_KIND, target_ids=[comment.pk])
        _reports_resolve(report)


# --- messages to all members -----------------------------------------------------------------------------


def subject_max_length(community: Community) -> int:
    """How long the subject may be: the community's name goes in front of it, in 【】, within a message subject."""
    return SUBJECT_MAX_LENGTH - len(community.name) - 2


def delivered_subject(message: CommunityMessage) -> str:
    return f"【{message.community.name}】{message.subject}"


def _next_allowed(community: Community, now: Any) -> Any:
    """When the oldest message of the last 24 hours leaves the window."""
    oldest = (
        CommunityMessage.objects.filter(community=community, created_at__gt=now - MESSAGE_WINDOW)
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    return (oldest or now) + MESSAGE_WINDOW


def community_message_send(*, sender: Member, community_id: Any, subject: Any, body: Any) -> CommunityMessage:
    """Write to every member of a community one runs (admin or sub-admin); delivered by a task after commit.

    Refused past `MESSAGES_PER_DAY` messages of the community in 24 hours (whoever of its admins sent them).
    """
    from tsunagu.communities.moderation_tasks import community_message_deliver

    errors: dict[str, list[str]] = {}
    body = _text(body, max_length=BODY_MAX_LENGTH, multiline=True, field="body", errors=errors)
    with transaction.atomic():
        # Sends for one community queue on its row, so two at once cannot both slip under the limit.
        community = Community.objects.select_for_update().filter(pk=_id(community_id)).first()
        if community is None:
            raise NotFound(_("That community does not exist."))
        runs = Membership.objects.filter(
            community=community, member=sender, state=MembershipState.ACTIVE, role__in=selectors.MODERATOR_ROLES
        ).exists()
        if not runs:
            raise Forbidden(_("Only the community's admin and sub-admins can write to all its members."))
        subject = _text(
            subject, max_length=subject_max_length(community), multiline=False, field="subject", errors=errors
        )
        raise_if_invalid(errors)
        now = timezone.now()
        recent = CommunityMessage.objects.filter(community=community, created_at__gt=now - MESSAGE_WINDOW).count()
        if recent >= MESSAGES_PER_DAY:
            when = date_format(timezone.localtime(_next_allowed(community, now)), "DATETIME_FORMAT")
            raise TooManyRequests(
                ngettext(
                    "A community can send at most %(count)d message to all members in 24 hours. "
                    "You can send the next one after %(when)s.",
                    "A community can send at most %(count)d messages to all members in 24 hours. "
                    "You can send the next one after %(when)s.",
                    MESSAGES_PER_DAY,
                )
                % {"count": MESSAGES_PER_DAY, "when": when}
            )
        message = CommunityMessage.objects.create(
            community=community, sender=sender, subject=subject, body=body, created_at=now
        )
        transaction.on_commit(lambda: community_message_deliver.enqueue(community_message_id=message.pk))
    return message


def community_message_deliver(*, community_message_id: Any) -> int:
    """Deliver a message to all members, once: the row is locked and marked delivered in the same transaction,
    so running the task twice sends nothing more. Returns how many members it was sent to."""
    with transaction.atomic():
        message = (
            CommunityMessage.objects.select_for_update()
            .select_related("community", "sender")
            .filter(pk=community_message_id, delivered_at__isnull=True)
            .first()
        )
        if message is None:
            return 0
        sent = []
        if message.sender.is_active:
            members = Membership.objects.filter(community=message.community, state=MembershipState.ACTIVE)
            sent = messages_send_to_members(
                sender=message.sender,
                recipient_ids=members.values("member_id"),
                subject=delivered_subject(message),
                body=message.body,
            )
        message.delivered_at = timezone.now()
        message.recipient_count = len(sent)
        message.save(update_fields=["delivered_at", "recipient_count"])
    return len(sent)
