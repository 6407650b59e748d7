"""Writes for community topics (トピック) and events (イベント): topics, photos, numbered comments, joining
and leaving events, the notifications of new comments, and event reminders.

Who may do what: active members comment and join events; topics and events are started by members, or
only by the admin and sub-admins where the community's `topic_creation` says so; the author edits while
still an active member; the author or the community's admin and sub-admins delete. Pending members are
not members.

Comment numbers: as for diary comments, a new comment locks its topic's row, takes the next number and
advances the counter in one transaction (parallel comments queue on the row on PostgreSQL, on the write
lock with SQLite's IMMEDIATE transactions); the unique constraint on (topic, number) is the backstop. A
deleted comment keeps its row and number.

Joining: an event's row is locked, its participants counted and the new one inserted in one transaction,
so parallel joins for the last place let exactly one in. Joining (and leaving) is open until a day after
the deadline, or a day after the event's date and time when it has no deadline (`sign_up_closes_at`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.communities import topic_selectors as selectors
from tsunagu.communities.models import (
    BODY_MAX_LENGTH,
    COMMENT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Community,
    Membership,
    MembershipState,
    Participation,
    Topic,
    TopicComment,
    TopicPhoto,
)
from tsunagu.communities.notification_targets import COMMENT_KIND, TOPIC_KIND
from tsunagu.core import policy
from tsunagu.core.errors import Conflict, Forbidden, Invalid, NotFound, raise_if_invalid
from tsunagu.core.photos import PHOTOS_PER_ITEM, StoredPhoto, photo_file_names, photo_files_delete, photos_stored
from tsunagu.core.text import plain_text_html
from tsunagu.feed.timeline import timeline
from tsunagu.profiles.fields import FieldError, clean_text
from tsunagu.reactions.services import reactions_delete

if TYPE_CHECKING:
    from tsunagu.accounts.models import Member

PLACE_MAX_LENGTH = 100
CAPACITY_MAX = 100_000
# Reminders go out for events starting within this time (the job runs every hour).
REMINDER_AHEAD = timedelta(days=1)
# ISO 8601 date and time, optionally with seconds, fractions and an offset (its absence is refused on its own).
MOMENT_PATTERN = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?(Z|[+-][0-9]{2}:?[0-9]{2})?"
)


class _Unchanged:
    """The value of an update's argument that was not given (None clears an optional event field)."""

    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED: Any = _Unchanged()


# --- checking fields ------------------------------------------------------------------------------


def _text(raw: Any, *, max_length: int, multiline: bool, field: str, errors: dict[str, list[str]]) -> str:
    """A required text field, cleaned; records a message in `errors` instead of raising."""
    if not isinstance(raw, str):
        errors[field] = [_("Enter text.")]
        return ""
    try:
        value = clean_text(raw, max_length=max_length, multiline=multiline)
    except FieldError as error:
        errors[field] = [str(error)]
        return ""
    if not value:
        errors[field] = [_("This field is required.")]
    return value


def _moment(raw: Any, *, field: str, required: bool, errors: dict[str, list[str]]) -> datetime | None:
    """A date and time: an aware datetime, or ISO 8601 text with its UTC offset (a time without one is refused)."""
    if raw is None or raw == "":
        if required:
            errors[field] = [_("This field is required.")]
        return None
    value: datetime | None = raw if isinstance(raw, datetime) else None
    if isinstance(raw, str) and MOMENT_PATTERN.fullmatch(raw.strip()):
        try:
            value = datetime.fromisoformat(raw.strip())
        except ValueError:
            value = None
    if value is None:
        errors[field] = [_("Enter a date and time in ISO 8601, for example 2011-04-02T19:00:00+09:00.")]
        return None
    if timezone.is_naive(value):
        errors[field] = [_("Give the time with its offset from UTC, for example 2011-04-02T19:00:00+09:00.")]
        return None
    return value


def _capacity(raw: Any, errors: dict[str, list[str]]) -> int | None:
    """How many may join (None: no limit)."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, str) and re.fullmatch(r"[0-9]{1,9}", raw.strip()):
        raw = int(raw.strip())
    if isinstance(raw, bool) or not isinstance(raw, int) or not 1 <= raw <= CAPACITY_MAX:
        errors["capacity"] = [
            _("Enter a whole number from 1 to %(max)d, or nothing for no limit.") % {"max": CAPACITY_MAX}
        ]
        return None
    return raw


def _event_rules(
    *,
    starts_at: datetime | None,
    deadline: datetime | None,
    capacity: int | None,
    changed: set[str],
    participants: int,
    errors: dict[str, list[str]],
) -> None:
    """The rules between an event's fields; dates must lie ahead only where they are set or changed now."""
    now = timezone.now()
    if starts_at is not None and "starts_at" in changed and starts_at <= now:
        errors.setdefault("starts_at", [_("Choose a date and time in the future.")])
    if deadline is not None and "deadline" in changed and deadline <= now:
        errors.setdefault("deadline", [_("Choose a deadline in the future.")])
    if deadline is not None and starts_at is not None and deadline > starts_at:
        errors.setdefault("deadline", [_("The deadline must not be after the event starts.")])
    if capacity is not None and capacity < participants:
        errors.setdefault(
            "capacity",
            [_("%(count)d members have already joined: the capacity cannot be lower.") % {"count": participants}],
        )


# --- who may write --------------------------------------------------------------------------------


def _active_membership(member: Member, community_id: Any) -> Membership | None:
    return Membership.objects.filter(
        community_id=community_id, member_id=member.pk, state=MembershipState.ACTIVE
    ).first()


def _community_to_start_in(author: Member, community_id: Any) -> Community:
    """The community, if the author may start topics there (checked again under the transaction's writes)."""
    try:
        community = Community.objects.filter(pk=selectors.id_or_404(community_id)).first()
    except Http404:
        community = None
    if community is None:
        raise NotFound(_("That community does not exist."))
    found = selectors.TopicsOfCommunity(community=community, membership=_active_membership(author, community.pk))
    if not found.is_member:
        raise Forbidden(_("Only members of the community can start topics and events."))
    if not found.can_start:
        raise Forbidden(_("In this community only the admin and sub-admins start topics and events."))
    return community


def _visible(member: Member, topic_id: Any, *, event: bool = False) -> selectors.VisibleTopic:
    """A topic (or event) the member may read; NotFound otherwise."""
    try:
        if event:
            return selectors.event_for_viewer(viewer=member, topic_id=topic_id)
        return selectors.topic_for_viewer(viewer=member, topic_id=topic_id)
    except Http404:
        if event:
            raise NotFound(_("That event does not exist.")) from None
        raise NotFound(_("That topic does not exist.")) from None


def _own_topic(author: Member, topic_id: Any) -> Topic:
    """The author's topic, locked for the transaction, while they are an active member of its community.

    NotFound for anyone else's topic (never Forbidden: editing is the author's alone); Forbidden once the
    author has left the community.
    """
    try:
        topic_id = selectors.id_or_404(topic_id)
    except Http404:
        raise NotFound(_("That topic does not exist.")) from None
    topic = Topic.objects.select_for_update().filter(pk=topic_id, author=author).first()
    if topic is None:
        raise NotFound(_("That topic does not exist."))
    if _active_membership(author, topic.community_id) is None:
        raise Forbidden(_("You can change your topics only while you are a member of the community."))
    return topic


def _photos_add(topic: Topic, stored: Sequence[StoredPhoto], comment: TopicComment | None = None) -> list[TopicPhoto]:
    first = TopicPhoto.objects.filter(topic=topic, comment=comment).count() + 1
    return TopicPhoto.objects.bulk_create(
        TopicPhoto(
            topic=topic,
            comment=comment,
            position=first + index,
            image=photo.image,
            thumbnail=photo.thumbnail,
            width=photo.width,
            height=photo.height,
        )
        for index, photo in enumerate(stored)
    )


# --- topics and events ----------------------------------------------------------------------------


def topic_create(*, author: Member, community_id: Any, title: Any, body: Any, photos: Sequence[bytes] = ()) -> Topic:
    """Start a topic with up to three photos; nothing is stored unless all of it is valid."""
    return _topic_create(author=author, community_id=community_id, title=title, body=body, photos=photos)


def event_create(
    *,
    author: Member,
    community_id: Any,
    title: Any,
    body: Any,
    place: Any,
    starts_at: Any,
    deadline: Any = None,
    capacity: Any = None,
    photos: Sequence[bytes] = (),
) -> Topic:
    """Start an event (a topic with a date and time, place, optional sign-up deadline and capacity).

    Times are aware datetimes or ISO 8601 with their offset. The organiser joins it at once.
    """
    errors: dict[str, list[str]] = {}
    starts = _moment(starts_at, field="starts_at", required=True, errors=errors)
    closing = _moment(deadline, field="deadline", required=False, errors=errors)
    event = {
        "place": _text(place, max_length=PLACE_MAX_LENGTH, multiline=False, field="place", errors=errors),
        "starts_at": starts,
        "deadline": closing,
        "capacity": _capacity(capacity, errors),
    }
    _event_rules(
        starts_at=starts,
        deadline=closing,
        capacity=None,
        changed={"starts_at", "deadline"},
        participants=0,
        errors=errors,
    )
    return _topic_create(
        author=author, community_id=community_id, title=title, body=body, photos=photos, event=event, errors=errors
    )


def _topic_create(
    *,
    author: Member,
    community_id: Any,
    title: Any,
    body: Any,
    photos: Sequence[bytes],
    event: dict[str, Any] | None = None,
    errors: dict[str, list[str]] | None = None,
) -> Topic:
    errors = errors if errors is not None else {}
    title = _text(title, max_length=TITLE_MAX_LENGTH, multiline=False, field="title", errors=errors)
    body = _text(body, max_length=BODY_MAX_LENGTH, multiline=True, field="body", errors=errors)
    community = _community_to_start_in(author, community_id)
    raise_if_invalid(errors)
    with photos_stored(photos) as stored, transaction.atomic():
        _community_to_start_in(author, community.pk)  # a membership ended meanwhile stores nothing
        now = timezone.now()
        topic = Topic.objects.create(
            community=community,
            author=author,
            title=title,
            body=body,
            body_html=plain_text_html(body),
            created_at=now,
            updated_at=now,
            last_activity_at=now,
            participant_count=1 if event else 0,
            **(event or {}),
        )
        _photos_add(topic, stored)
        if event:
            Participation.objects.create(topic=topic, member=author, created_at=now)
        Community.objects.filter(pk=community.pk).update(last_activity_at=now)
        transaction.on_commit(lambda: timeline().item_added("community_topic", topic))
    return topic


def topic_update(
    *,
    author: Member,
    topic_id: Any,
    title: Any = None,
    body: Any = None,
    place: Any = None,
    starts_at: Any = None,
    deadline: Any = UNCHANGED,
    capacity: Any = UNCHANGED,
) -> Topic:
    """Change the given parts of one's own topic or event while still a member (None or UNCHANGED leaves a
    part as it is; None clears an event's deadline or capacity). A new date is reminded of again."""
    errors: dict[str, list[str]] = {}
    with transaction.atomic():
        topic = _own_topic(author, topic_id)
        changed = ["updated_at"]
        if title is not None:
            topic.title = _text(title, max_length=TITLE_MAX_LENGTH, multiline=False, field="title", errors=errors)
            changed.append("title")
        if body is not None:
            topic.body = _text(body, max_length=BODY_MAX_LENGTH, multiline=True, field="body", errors=errors)
            topic.body_html = plain_text_html(topic.body)
            changed += ["body", "body_html"]
        event_parts = [name for name, value in (("place", place), ("starts_at", starts_at)) if value is not None] + [
            name for name, value in (("deadline", deadline), ("capacity", capacity)) if value is not UNCHANGED
        ]
        if event_parts and not topic.is_event:
            raise_if_invalid({name: [_("Only events have this.")] for name in event_parts})
        if place is not None:
            topic.place = _text(place, max_length=PLACE_MAX_LENGTH, multiline=False, field="place", errors=errors)
            changed.append("place")
        if starts_at is not None:
            new_start = _moment(starts_at, field="starts_at", required=True, errors=errors)
            if new_start is not None and new_start != topic.starts_at:
                topic.starts_at, topic.reminded_at = new_start, None
                changed += ["starts_at", "reminded_at"]
        if deadline is not UNCHANGED:
            new_deadline = _moment(deadline, field="deadline", required=False, errors=errors)
            if new_deadline != topic.deadline:
                topic.deadline = new_deadline
                changed.append("deadline")
        if capacity is not UNCHANGED:
            topic.capacity = _capacity(capacity, errors)
            changed.append("capacity")
        if topic.is_event:
            _event_rules(
                starts_at=topic.starts_at,
                deadline=topic.deadline,
                capacity=topic.capacity,
                changed=set(changed),
                participants=Participation.objects.filter(topic=topic).count(),
                errors=errors,
            )
        raise_if_invalid(errors)
        topic.updated_at = timezone.now()
        topic.save(update_fields=changed)
    return topic


def topic_delete(*, member: Member, topic_id: Any) -> None:
    """Delete a topic or event with its comments, photos, participants and the notifications about them:
    its author, or the community's admin and sub-admins, may."""
    visible = _visible(member, topic_id)
    if not visible.can_delete:
        raise Forbidden(_("Only the topic's author and the community's admins can delete it."))
    with transaction.atomic():
        topic = Topic.objects.select_for_update().filter(pk=visible.topic.pk).first()
        if topic is None:
            raise NotFound(_("That topic does not exist."))
        topic_erase(topic)


def topic_erase(topic: Topic) -> None:
    """Inside a transaction holding the topic's row: delete it with its comments, photos (files after commit),
    イイネ! and the notifications about them, and tell the timeline store. For its author, admins and the operator."""
    from tsunagu.notifications.services import notifications_delete

    comment_ids = list(TopicComment.objects.filter(topic=topic).values_list("pk", flat=True))
    files = photo_file_names(TopicPhoto.objects.filter(topic=topic))
    reactions_delete(kind=TOPIC_KIND, item_ids=[topic.pk])
    reactions_delete(kind=COMMENT_KIND, item_ids=comment_ids)
    notifications_delete(target_kind=COMMENT_KIND, target_ids=comment_ids)
    notifications_delete(target_kind=TOPIC_KIND, target_ids=[topic.pk])
    topic_id = topic.pk
    topic.delete()
    photo_files_delete(files)
    transaction.on_commit(lambda: timeline().item_removed("community_topic", topic_id))


def topic_photos_add(*, author: Member, topic_id: Any, photos: Sequence[bytes]) -> list[TopicPhoto]:
    """Attach photos to one's own topic while a member, up to three in all (checked again under the lock)."""
    if not photos:
        raise Invalid(_("Choose a photo to upload."), fields={"photos": [_("Choose a photo to upload.")]})
    try:
        own_id = selectors.id_or_404(topic_id)
    except Http404:
        own_id = 0
    own = TopicPhoto.objects.filter(topic__author=author, topic_id=own_id, comment__isnull=True)
    with photos_stored(photos, already=own.count()) as stored, transaction.atomic():
        topic = _own_topic(author, topic_id)
        if own.count() + len(stored) > PHOTOS_PER_ITEM:
            message = _("This topic already has the most photos it can have.")
            raise Invalid(message, fields={"photos": [message]})
        added = _photos_add(topic, stored)
        topic.updated_at = timezone.now()
        topic.save(update_fields=["updated_at"])
    return added


def topic_photo_delete(*, author: Member, topic_id: Any, photo_id: Any) -> None:
    """Remove a photo from one's own topic while a member."""
    with transaction.atomic():
        topic = _own_topic(author, topic_id)
        try:
            photo_pk = selectors.id_or_404(photo_id)
        except Http404:
            photo_pk = 0
        photos = TopicPhoto.objects.filter(pk=photo_pk, topic=topic, comment__isnull=True)
        if not photos.exists():
            raise NotFound(_("That photo does not exist."))
        files = photo_file_names(photos)
        photos.delete()
        photo_files_delete(files)


# --- comments -------------------------------------------------------------------------------------


def topic_comment_create(*, author: Member, topic_id: Any, body: Any, photos: Sequence[bytes] = ()) -> TopicComment:
    """Comment on a topic or event as an active member of its community: numbered next, bumping the topic
    and the community; the topic's author and earlier commenters are notified."""
    from tsunagu.communities.tasks import topic_comment_notify

    errors: dict[str, list[str]] = {}
    body = _text(body, max_length=COMMENT_MAX_LENGTH, multiline=True, field="body", errors=errors)
    visible = _visible(author, topic_id)
    if not visible.is_member:
        raise Forbidden(_("Only members of the community can comment."))
    raise_if_invalid(errors)
    with photos_stored(photos) as stored, transaction.atomic():
        # The row lock serialises numbering per topic (see the module docstring).
        topic = Topic.objects.select_for_update().filter(pk=visible.topic.pk).first()
        if topic is None:  # deleted since it was fetched
            raise NotFound(_("That topic does not exist."))
        if _active_membership(author, topic.community_id) is None:
            raise Forbidden(_("Only members of the community can comment."))
        now = timezone.now()
        number = topic.last_comment_number + 1
        comment = TopicComment.objects.create(
            topic=topic, author=author, number=number, body=body, body_html=plain_text_html(body), created_at=now
        )
        Topic.objects.filter(pk=topic.pk).update(
            last_comment_number=number, comment_count=F("comment_count") + 1, last_activity_at=now
        )
        Community.objects.filter(pk=topic.community_id).update(last_activity_at=now)
        _photos_add(topic, stored, comment)
        transaction.on_commit(lambda: topic_comment_notify.enqueue(comment_id=comment.pk))
    return comment


def topic_comment_delete(*, member: Member, topic_id: Any, comment_id: Any) -> None:
    """Delete a comment: its author or the community's admin and sub-admins may. It keeps its number."""
    from tsunagu.notifications.services import notifications_delete

    visible = _visible(member, topic_id)
    try:
        comment_pk = selectors.id_or_404(comment_id)
    except Http404:
        comment_pk = 0
    with transaction.atomic():
        comment = (
            TopicComment.objects.select_for_update()
            .filter(pk=comment_pk, topic=visible.topic, deleted_at__isnull=True)
            .first()
        )
        if comment is None:
            raise NotFound(_("That comment does not exist."))
        if comment.author_id != member.pk and not visible.is_moderator:
            raise Forbidden(_("Only the comment's author and the community's admins can delete it."))
        comment_erase(comment)
        notifications_delete(target_kind=COMMENT_KIND, target_ids=[comment.pk])


def comment_erase(comment: TopicComment) -> None:
    """Remove a comment's text, author, photos and イイネ!, keeping its number (inside a transaction)."""
    photos = TopicPhoto.objects.filter(comment=comment)
    files = photo_file_names(photos)
    photos.delete()
    reactions_delete(kind=COMMENT_KIND, item_ids=[comment.pk])
    comment.body = comment.body_html = ""
    comment.author = None
    comment.deleted_at = timezone.now()
    comment.save(update_fields=["body", "body_html", "author", "deleted_at"])
    Topic.objects.filter(pk=comment.topic_id).update(comment_count=F("comment_count") - 1)
    photo_files_delete(files)


def topic_comment_notify(*, comment_id: Any) -> int:
    """Notify the topic's author and earlier commenters of a new comment, if they may still read the topic;
    idempotent. Never the commenter, nor anyone on either side of a block with them (`notifications_create`)."""
    from tsunagu.accounts.models import Member
    from tsunagu.notifications.models import NotificationKind
    from tsunagu.notifications.services import notifications_create

    comment = TopicComment.objects.select_related("topic__author", "topic__community").filter(pk=comment_id).first()
    if comment is None or comment.deleted_at is not None or comment.author_id is None:
        return 0
    topic = comment.topic
    candidates = {topic.author_id} | set(
        TopicComment.objects.filter(topic=topic, number__lt=comment.number, deleted_at__isnull=True)
        .exclude(author__isnull=True)
        .values_list("author_id", flat=True)
    )
    candidates.discard(comment.author_id)
    recipients = [
        recipient.pk
        for recipient in Member.objects.filter(pk__in=candidates, is_active=True)
        if policy.relationship(recipient, topic.author).allows(topic.audience, None, topic.community)
    ]
    return notifications_create(
        recipient_ids=recipients,
        kind=NotificationKind.TOPIC_COMMENT,
        actor_id=comment.author_id,
        target_kind=COMMENT_KIND,
        target_id=comment.pk,
    )


# --- joining events -------------------------------------------------------------------------------


def event_join(*, member: Member, topic_id: Any) -> Topic:
    """Join an event as an active member while sign-up is open and there is room; joining again changes nothing."""
    visible = _visible(member, topic_id, event=True)
    with transaction.atomic():
        # The row lock makes count-then-insert safe against parallel joins (see the module docstring).
        topic = Topic.objects.select_for_update().filter(pk=visible.topic.pk).first()
        if topic is None:
            raise NotFound(_("That event does not exist."))
        if Participation.objects.filter(topic=topic, member_id=member.pk).exists():
            return topic
        if _active_membership(member, topic.community_id) is None:
            raise Forbidden(_("Only members of the community can join its events."))
        if not selectors.sign_up_open(topic):
            raise Conflict(_("Sign-up for this event has closed."), code="closed")
        going = Participation.objects.filter(topic=topic).count()
        if topic.capacity is not None and going >= topic.capacity:
            raise Conflict(_("This event is full."), code="full")
        Participation.objects.create(topic=topic, member=member)
        topic.participant_count = going + 1
        topic.save(update_fields=["participant_count"])
    return topic


def event_leave(*, member: Member, topic_id: Any) -> Topic:
    """Leave an event while sign-up is open; leaving one not joined changes nothing."""
    visible = _visible(member, topic_id, event=True)
    with transaction.atomic():
        topic = Topic.objects.select_for_update().filter(pk=visible.topic.pk).first()
        if topic is None:
            raise NotFound(_("That event does not exist."))
        going = Participation.objects.filter(topic=topic, member_id=member.pk)
        if not going.exists():
            return topic
        if not selectors.sign_up_open(topic):
            raise Conflict(_("Sign-up for this event has closed: its participants no longer change."), code="closed")
        going.delete()
        topic.participant_count = Participation.objects.filter(topic=topic).count()
        topic.save(update_fields=["participant_count"])
    return topic


# --- reminders ------------------------------------------------------------------------------------


def event_remind(*, topic_id: Any, now: datetime) -> int:
    """Remind one event's participants (who may still read it) of it, once: the claim on `reminded_at` makes a
    second run, or a second machine, send nothing. The organiser is the reminder's actor and gets none."""
    from tsunagu.accounts.models import Member
    from tsunagu.notifications.models import NotificationKind
    from tsunagu.notifications.services import notifications_create

    with transaction.atomic():
        claimed = Topic.objects.filter(pk=topic_id, reminded_at__isnull=True).update(reminded_at=now)
        if not claimed:
            return 0
        topic = Topic.objects.select_related("author", "community").get(pk=topic_id)
        going = Member.objects.filter(
            pk__in=Participation.objects.filter(topic=topic).values("member_id"), is_active=True
        ).order_by("pk")
        recipients = [
            member.pk
            for member in going
            if policy.relationship(member, topic.author).allows(topic.audience, None, topic.community)
        ]
        # A reminder of the same event stored before (its date has changed since) comes back as new: the
        # claim above already makes sure this runs once per date.
        return notifications_create(
            recipient_ids=recipients,
            kind=NotificationKind.EVENT_REMINDER,
            actor_id=topic.author_id,
            target_kind=TOPIC_KIND,
            target_id=topic.pk,
            renew=Q(),
        )


def event_reminders_send(*, now: datetime | None = None) -> int:
    """Remind the participants of every event starting within a day that has not been reminded of; returns how
    many notifications were stored. Idempotent: run it every hour."""
    now = now or timezone.now()
    due = (
        Topic.objects.filter(starts_at__gt=now, starts_at__lte=now + REMINDER_AHEAD, reminded_at__isnull=True)
        .order_by("starts_at", "pk")
        .values_list("pk", flat=True)
    )
    return sum(event_remind(topic_id=pk, now=now) for pk in list(due))


# --- deleting an account --------------------------------------------------------------------------


def topics_member_erase(*, member: Member) -> None:
    """Before an account is deleted (inside its transaction): erase its comments on others' topics (their numbers
    stay), and queue the photo files of its own topics (which go with the account) and of its comments.

    The イイネ! and notifications about its topics and their comments go too.
    """
    from tsunagu.notifications.services import notifications_delete

    for comment in TopicComment.objects.select_for_update().filter(author=member, deleted_at__isnull=True):
        comment_erase(comment)
    own = list(Topic.objects.filter(author=member).values_list("pk", flat=True))
    own_comments = list(TopicComment.objects.filter(topic_id__in=own).values_list("pk", flat=True))
    photo_files_delete(photo_file_names(TopicPhoto.objects.filter(topic_id__in=own)))
    reactions_delete(kind=TOPIC_KIND, item_ids=own)
    reactions_delete(kind=COMMENT_KIND, item_ids=own_comments)
    notifications_delete(target_kind=COMMENT_KIND, target_ids=own_comments)
    notifications_delete(target_kind=TOPIC_KIND, target_ids=own)
    # Events it had joined count one fewer.
    for topic_id in Participation.objects.filter(member=member).values_list("topic_id", flat=True):
        Topic.objects.filter(pk=topic_id, participant_count__gt=0).update(participant_count=F("participant_count") - 1)
