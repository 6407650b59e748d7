"""Writes to the friendship graph. Every refusal says why, except where the answer would reveal a block."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.accounts.models import Member
from tsunagu.core import policy
from tsunagu.core.errors import Conflict, Invalid, NotFound
from tsunagu.core.models import SiteSettings
from tsunagu.feed.timeline import timeline
from tsunagu.friends.models import (
    GROUP_NAME_MAX_LENGTH,
    INTRO_MAX_LENGTH,
    REQUEST_MESSAGE_MAX_LENGTH,
    Block,
    FriendGroup,
    FriendGroupMembership,
    FriendIntro,
    FriendRequest,
    Friendship,
)
from tsunagu.friends.notification_targets import MEMBER_KIND, REQUEST_KIND
from tsunagu.notifications.models import NotificationKind
from tsunagu.notifications.services import notifications_create, notifications_delete
from tsunagu.profiles.fields import FieldError, clean_text


def _member_for(actor: Member, member_id: Any) -> Member:
    """The other member, or 404 when they do not exist or the actor may not know they do (a block)."""
    try:
        member = Member.objects.get(pk=int(member_id))
    except (Member.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("There is no such member.")) from None
    if not policy.can_see_member(actor, member):
        raise NotFound(_("There is no such member."))
    return member


def are_friends(a_id: int, b_id: int) -> bool:
    return Friendship.objects.filter(member_id=a_id, friend_id=b_id).exists()


def friend_count(member_id: int) -> int:
    return Friendship.objects.filter(member_id=member_id).count()


def _check_limit(member: Member, *, own: bool) -> None:
    limit = SiteSettings.load().friend_limit
    if friend_count(member.pk) >= limit:
        if own:
            raise Conflict(
                _("You have reached the limit of %(limit)d friends.") % {"limit": limit}, code="friend_limit"
            )
        raise Conflict(
            _("%(name)s has reached the limit of %(limit)d friends.") % {"name": member.nickname, "limit": limit},
            code="friend_limit",
        )


def _message_clean(raw: Any, max_length: int, *, field: str, required: bool = False) -> str:
    try:
        if raw is None:
            raw = ""
        if not isinstance(raw, str):
            raise FieldError(_("Enter text."))
        text = clean_text(raw, max_length=max_length, multiline=True)
    except FieldError as error:
        raise Invalid(str(error), fields={field: [str(error)]}) from None
    if required and not text:
        raise Invalid(_("Please write something."), fields={field: [_("Please write something.")]})
    return text


def _requests_delete(requests: QuerySet[FriendRequest]) -> int:
    """Delete friend requests with the notifications about them; returns how many there were."""
    ids = list(requests.values_list("pk", flat=True))
    if ids:
        notifications_delete(target_kind=REQUEST_KIND, target_ids=ids)
        FriendRequest.objects.filter(pk__in=ids).delete()
    return len(ids)


def friendship_create(a: Member, b: Member) -> None:
    """Make two members friends (both rows), removing any requests between them. Idempotent.

    Refused while either has blocked the other: a block ends a friendship and keeps it ended, so the
    blocked member never becomes a friend (or, through the blocker, a friend of a friend)."""
    with transaction.atomic():
        if Block.objects.filter(Q(blocker=a, blocked=b) | Q(blocker=b, blocked=a)).exists():
            raise Conflict(_("These members cannot become friends while one has blocked the other."), code="blocked")
        for member, friend in ((a, b), (b, a)):
            Friendship.objects.get_or_create(member=member, friend=friend)
        _requests_delete(FriendRequest.objects.filter(Q(sender=a, recipient=b) | Q(sender=b, recipient=a)))
        # Each now reads the other's items, older ones included.
        transaction.on_commit(lambda: timeline().reader_changed(a.pk))
        transaction.on_commit(lambda: timeline().reader_changed(b.pk))


def friend_request_send(*, sender: Member, recipient_id: Any, message: Any = "") -> FriendRequest:
    """Ask to become friends, with an optional message. A request the other side already sent stays
    theirs; either request, once accepted, makes the two friends and removes both."""
    recipient = _member_for(sender, recipient_id)
    if recipient.pk == sender.pk:
        raise Invalid(_("You cannot send a friend request to yourself."), code="self")
    text = _message_clean(message, REQUEST_MESSAGE_MAX_LENGTH, field="message")
    if Block.objects.filter(blocker=sender, blocked=recipient).exists():
        raise Conflict(_("You have blocked this member. Unblock them first."), code="blocked")
    if are_friends(sender.pk, recipient.pk):
        raise Conflict(_("You are already friends."), code="already_friends")
    if FriendRequest.objects.filter(sender=sender, recipient=recipient).exists():
        raise Conflict(_("You have already sent a friend request to this member."), code="duplicate")
    _check_limit(sender, own=True)
    _check_limit(recipient, own=False)
    try:
        with transaction.atomic():
            request = FriendRequest.objects.create(sender=sender, recipient=recipient, message=text)
            notifications_create(
                recipient_ids=[recipient.pk],
                kind=NotificationKind.FRIEND_REQUEST,
                actor_id=sender.pk,
                target_kind=REQUEST_KIND,
                target_id=request.pk,
            )
            return request
    except IntegrityError:
        raise Conflict(_("You have already sent a friend request to this member."), code="duplicate") from None


def _incoming(recipient: Member, request_id: Any) -> FriendRequest:
    try:
        return FriendRequest.objects.select_related("sender").get(
            pk=int(request_id), recipient=recipient, declined_at__isnull=True
        )
    except (FriendRequest.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("There is no such friend request.")) from None


def friend_request_accept(*, recipient: Member, request_id: Any) -> Member:
    """Accept a request sent to `recipient`; returns the new friend."""
    with transaction.atomic():
        request = _incoming(recipient, request_id)
        sender = request.sender
        if not sender.is_active:
            raise NotFound(_("There is no such friend request."))
        _check_limit(recipient, own=True)
        _check_limit(sender, own=False)
        friendship_create(recipient, sender)
        notifications_create(
            recipient_ids=[sender.pk],
            kind=NotificationKind.FRIEND_ACCEPTED,
            actor_id=recipient.pk,
            target_kind=MEMBER_KIND,
            target_id=recipient.pk,
            renew=Q(),
        )
    return sender


def friend_request_decline(*, recipient: Member, request_id: Any) -> None:
    """Decline silently: the request leaves the recipient's list and stays, unanswered, with the sender."""
    request = _incoming(recipient, request_id)
    request.declined_at = timezone.now()
    with transaction.atomic():
        request.save(update_fields=["declined_at"])
        notifications_delete(target_kind=REQUEST_KIND, target_ids=[request.pk])


def friend_request_cancel(*, sender: Member, request_id: Any) -> None:
    try:
        requests = FriendRequest.objects.filter(pk=int(request_id), sender=sender)
    except (TypeError, ValueError):
        raise NotFound(_("There is no such friend request.")) from None
    with transaction.atomic():
        if not _requests_delete(requests):
            raise NotFound(_("There is no such friend request."))


def _end_friendship(a: Member, b: Member) -> None:
    """Both directions, the groups each keeps the other in, and the intros each wrote for the other."""
    Friendship.objects.filter(Q(member=a, friend=b) | Q(member=b, friend=a)).delete()
    FriendGroupMembership.objects.filter(Q(group__owner=a, member=b) | Q(group__owner=b, member=a)).delete()
    FriendIntro.objects.filter(Q(author=a, subject=b) | Q(author=b, subject=a)).delete()


@transaction.atomic
def friend_remove(*, member: Member, friend_id: Any) -> None:
    """Remove a friend, silently and on both sides at once."""
    try:
        friend = Member.objects.get(pk=int(friend_id))
    except (Member.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("This member is not your friend.")) from None
    if not are_friends(member.pk, friend.pk):
        raise NotFound(_("This member is not your friend."))
    _end_friendship(member, friend)


@transaction.atomic
def block_create(*, blocker: Member, blocked_id: Any) -> Block:
    """Block a member: any friendship, request and intro between the two ends; the blocked member is not told."""
    # Not `_member_for`: a member who blocked the blocker first must not be able to prevent the block
    # (and keep seeing the blocker's content); success either way reveals nothing.
    try:
        blocked = Member.objects.get(pk=int(blocked_id), is_active=True)
    except (Member.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("There is no such member.")) from None
    if blocked.pk == blocker.pk:
        raise Invalid(_("You cannot block yourself."), code="self")
    block, _created = Block.objects.get_or_create(blocker=blocker, blocked=blocked)
    _end_friendship(blocker, blocked)
    _requests_delete(
        FriendRequest.objects.filter(Q(sender=blocker, recipient=blocked) | Q(sender=blocked, recipient=blocker))
    )
    return block


def block_remove(*, blocker: Member, blocked_id: Any) -> None:
    try:
        deleted, _rows = Block.objects.filter(blocker=blocker, blocked_id=int(blocked_id)).delete()
    except (TypeError, ValueError):
        deleted = 0
    if not deleted:
        raise NotFound(_("You have not blocked this member."))


# --- friend groups ----------------------------------------------------------------------------------


def _group_name_clean(raw: Any) -> str:
    name = _message_clean(raw, GROUP_NAME_MAX_LENGTH, field="name", required=True)
    if "\n" in name:
        raise Invalid(_("Use one line for the name."), fields={"name": [_("Use one line for the name.")]})
    return name


def _group_member_ids(owner: Member, raw: Any) -> list[int]:
    """The ids, each one of the owner's friends; otherwise Invalid naming the ones that are not."""
    if not isinstance(raw, Iterable) or isinstance(raw, str | bytes | dict):
        raise Invalid(_("Give a list of member ids."), fields={"members": [_("Give a list of member ids.")]})
    try:
        ids = sorted({int(item) for item in raw})
    except (TypeError, ValueError):
        raise Invalid(_("Give a list of member ids."), fields={"members": [_("Give a list of member ids.")]}) from None
    friends = set(Friendship.objects.filter(member=owner, friend_id__in=ids).values_list("friend_id", flat=True))
    strangers = [i for i in ids if i not in friends]
    if strangers:
        message = _("Only your friends can be in your groups (not: %(ids)s).") % {"ids": ", ".join(map(str, strangers))}
        raise Invalid(message, fields={"members": [message]})
    return ids


def _group_for_owner(owner: Member, group_id: Any) -> FriendGroup:
    try:
        return FriendGroup.objects.select_for_update().get(pk=int(group_id), owner=owner)
    except (FriendGroup.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("There is no such friend group.")) from None


def _group_name_taken(owner: Member, name: str, exclude: int | None = None) -> None:
    groups = FriendGroup.objects.filter(owner=owner, name__iexact=name)
    if exclude is not None:
        groups = groups.exclude(pk=exclude)
    if groups.exists():
        message = _("You already have a group with this name.")
        raise Conflict(message, fields={"name": [message]}, code="duplicate")


@transaction.atomic
def friend_group_create(*, owner: Member, name: Any, members: Any = ()) -> FriendGroup:
    clean_name = _group_name_clean(name)
    ids = _group_member_ids(owner, members)
    _group_name_taken(owner, clean_name)
    group = FriendGroup.objects.create(owner=owner, name=clean_name)
    FriendGroupMembership.objects.bulk_create([FriendGroupMembership(group=group, member_id=i) for i in ids])
    return group


@transaction.atomic
def friend_group_update(*, owner: Member, group_id: Any, name: Any = None, members: Any = None) -> FriendGroup:
    """Rename and/or replace the members (only what is given)."""
    group = _group_for_owner(owner, group_id)
    if name is not None:
        group.name = _group_name_clean(name)
        _group_name_taken(owner, group.name, exclude=group.pk)
        group.save(update_fields=["name"])
    if members is not None:
        ids = _group_member_ids(owner, members)
        group.memberships.exclude(member_id__in=ids).delete()
        present = set(group.memberships.values_list("member_id", flat=True))
        FriendGroupMembership.objects.bulk_create(
            [FriendGroupMembership(group=group, member_id=i) for i in ids if i not in present]
        )
    return group


def friend_group_delete(*, owner: Member, group_id: Any) -> None:
    """Delete a group; content shared with it falls back to its owner alone (never wider)."""
    with transaction.atomic():
        _group_for_owner(owner, group_id).delete()


# --- intros (紹介文) -----------------------------------------------------------------------------------


@transaction.atomic
def intro_write(*, author: Member, subject_id: Any, body: Any) -> FriendIntro:
    """Write or rewrite one's intro for a friend (one per pair)."""
    subject = _member_for(author, subject_id)
    if not are_friends(author.pk, subject.pk):
        raise Conflict(_("You can write an introduction only for your friends."), code="not_friends")
    text = _message_clean(body, INTRO_MAX_LENGTH, field="body", required=True)
    intro, created = FriendIntro.objects.get_or_create(author=author, subject=subject, defaults={"body": text})
    if not created:
        intro.body = text
        intro.updated_at = timezone.now()
        intro.save(update_fields=["body", "updated_at"])
    return intro


def intro_set_hidden(*, subject: Member, intro_id: Any, hidden: bool) -> FriendIntro:
    """The member an intro is about shows or hides it on their profile."""
    try:
        intro = FriendIntro.objects.get(pk=int(intro_id), subject=subject)
    except (FriendIntro.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("There is no such introduction.")) from None
    intro.hidden = bool(hidden)
    intro.save(update_fields=["hidden"])
    return intro


def intro_delete(*, member: Member, intro_id: Any) -> None:
    """Its author or the member it is about may delete an intro."""
    try:
        deleted, _rows = FriendIntro.objects.filter(Q(author=member) | Q(subject=member), pk=int(intro_id)).delete()
    except (TypeError, ValueError):
        deleted = 0
    if not deleted:
        raise NotFound(_("There is no such introduction."))
