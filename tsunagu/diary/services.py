"""Writes for the diary: entries, photos, numbered comments, and what a member has read.

Comment numbers: each entry keeps the number its last comment got. A new comment locks the entry's
row, takes the next number and advances the counter in one transaction, so parallel comments queue
on the row (PostgreSQL) or on the write lock (SQLite, IMMEDIATE transactions) and never share or
skip a number. The unique constraint on (entry, number) is the backstop. Deleting a comment keeps
its row and number and removes its text, photos and イイネ!.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.core import policy
from tsunagu.core.errors import Forbidden, Invalid, NotFound, raise_if_invalid
from tsunagu.core.photos import PHOTOS_PER_ITEM, StoredPhoto, photo_file_names, photo_files_delete, photos_stored
from tsunagu.core.text import plain_text_html
from tsunagu.diary import selectors
from tsunagu.diary.models import (
    BODY_MAX_LENGTH,
    COMMENT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    CommentedEntry,
    DiaryComment,
    DiaryEntry,
    DiaryPhoto,
)
from tsunagu.diary.reactables import COMMENT_KIND, ENTRY_KIND
from tsunagu.feed.timeline import timeline
from tsunagu.profiles.fields import FieldError, clean_text, parse_audience
from tsunagu.reactions.services import reactions_delete

if TYPE_CHECKING:
    from tsunagu.accounts.models import Member


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


def _comments_open(raw: Any, errors: dict[str, list[str]]) -> bool:
    if not isinstance(raw, bool):
        errors["comments_open"] = [_("Give true or false.")]
        return True
    return raw


def _entry_audience(raw: Any, group: Any, author: Member, errors: dict[str, list[str]]) -> tuple[str, int | None]:
    try:
        return parse_audience(raw, group, owner=author)
    except FieldError as error:
        errors["friend_group" if raw == "friend_group" else "audience"] = [str(error)]
        return "", None


def _photos_add(
    entry: DiaryEntry, stored: Sequence[StoredPhoto], comment: DiaryComment | None = None
) -> list[DiaryPhoto]:
    first = DiaryPhoto.objects.filter(entry=entry, comment=comment).count() + 1
    return DiaryPhoto.objects.bulk_create(
        DiaryPhoto(
            entry=entry,
            comment=comment,
            position=first + index,
            image=photo.image,
            thumbnail=photo.thumbnail,
            width=photo.width,
            height=photo.height,
        )
        for index, photo in enumerate(stored)
    )


def diary_entry_create(
    *,
    author: Member,
    title: Any,
    body: Any,
    audience: Any = "friends",
    friend_group: Any = None,
    comments_open: Any = True,
    photos: Sequence[bytes] = (),
) -> DiaryEntry:
    """Write a diary entry with up to three photos; nothing is stored unless all of it is valid."""
    errors: dict[str, list[str]] = {}
    title = _text(title, max_length=TITLE_MAX_LENGTH, multiline=False, field="title", errors=errors)
    body = _text(body, max_length=BODY_MAX_LENGTH, multiline=True, field="body", errors=errors)
    audience, group_id = _entry_audience(audience, friend_group, author, errors)
    comments_open = _comments_open(comments_open, errors)
    raise_if_invalid(errors)
    with photos_stored(photos) as stored, transaction.atomic():
        now = timezone.now()
        entry = DiaryEntry.objects.create(
            author=author,
            title=title,
            body=body,
            body_html=plain_text_html(body),
            audience=audience,
            friend_group_id=group_id,
            comments_open=comments_open,
            created_at=now,
            updated_at=now,
        )
        _photos_add(entry, stored)
        transaction.on_commit(lambda: timeline().item_added("diary_entry", entry))
    return entry


def _id(raw: Any) -> int:
    """An id from a request, or 0 (which matches nothing) for anything that cannot be one."""
    try:
        return selectors.id_or_404(raw)
    except Http404:
        return 0


def _own_entry(author: Member, entry_id: Any) -> DiaryEntry:
    """The author's entry, locked for the transaction; NotFound for anyone else's (never Forbidden)."""
    try:
        entry_id = selectors.id_or_404(entry_id)
    except Http404:
        raise NotFound(_("That diary entry does not exist.")) from None
    entry = DiaryEntry.objects.select_for_update().filter(pk=entry_id, author=author).first()
    if entry is None:
        raise NotFound(_("That diary entry does not exist."))
    return entry


def diary_entry_update(
    *,
    author: Member,
    entry_id: Any,
    title: Any = None,
    body: Any = None,
    audience: Any = None,
    friend_group: Any = None,
    comments_open: Any = None,
) -> DiaryEntry:
    """Change the given parts of one's own entry (None leaves a part as it is)."""
    errors: dict[str, list[str]] = {}
    with transaction.atomic():
        entry = _own_entry(author, entry_id)
        changed = ["updated_at"]
        if title is not None:
            entry.title = _text(title, max_length=TITLE_MAX_LENGTH, multiline=False, field="title", errors=errors)
            changed.append("title")
        if body is not None:
            entry.body = _text(body, max_length=BODY_MAX_LENGTH, multiline=True, field="body", errors=errors)
            entry.body_html = plain_text_html(entry.body)
            changed += ["body", "body_html"]
        if audience is not None:
            entry.audience, entry.friend_group_id = _entry_audience(audience, friend_group, author, errors)
            changed += ["audience", "friend_group"]
        elif friend_group is not None:
            errors["friend_group"] = [_("Give a friend group only with the audience friend_group.")]
        if comments_open is not None:
            entry.comments_open = _comments_open(comments_open, errors)
            changed.append("comments_open")
        raise_if_invalid(errors)
        entry.updated_at = timezone.now()
        entry.save(update_fields=changed)
        if audience is not None:  # a wider audience reaches readers the entry was not fanned out to
            transaction.on_commit(lambda: timeline().item_added("diary_entry", entry))
    return entry


def diary_entry_delete(*, author: Member, entry_id: Any) -> None:
    """Delete one's own entry with its comments, photos, イイネ! and the notifications about it."""
    from tsunagu.notifications.models import Notification

    with transaction.atomic():
        entry = _own_entry(author, entry_id)
        comment_ids = list(DiaryComment.objects.filter(entry=entry).values_list("pk", flat=True))
        files = photo_file_names(DiaryPhoto.objects.filter(entry=entry))
        reactions_delete(kind=ENTRY_KIND, item_ids=[entry.pk])
        reactions_delete(kind=COMMENT_KIND, item_ids=comment_ids)
        Notification.objects.filter(target_kind=COMMENT_KIND, target_id__in=comment_ids).delete()
        entry_id = entry.pk
        entry.delete()
        photo_files_delete(files)
        transaction.on_commit(lambda: timeline().item_removed("diary_entry", entry_id))


def diary_photos_add(*, author: Member, entry_id: Any, photos: Sequence[bytes]) -> list[DiaryPhoto]:
    """Attach photos to one's own entry, up to three in all.

    Images are re-encoded before the transaction, so the slow part holds no lock; the limit is checked
    again under the lock.
    """
    if not photos:
        raise Invalid(_("Choose a photo to upload."), fields={"photos": [_("Choose a photo to upload.")]})
    own = DiaryPhoto.objects.filter(entry__author=author, entry_id=_id(entry_id), comment__isnull=True)
    with photos_stored(photos, already=own.count()) as stored, transaction.atomic():
        entry = _own_entry(author, entry_id)
        if own.count() + len(stored) > PHOTOS_PER_ITEM:
            message = _("This entry already has the most photos it can have.")
            raise Invalid(message, fields={"photos": [message]})
        added = _photos_add(entry, stored)
        entry.updated_at = timezone.now()
        entry.save(update_fields=["updated_at"])
    return added


def diary_photo_delete(*, author: Member, entry_id: Any, photo_id: Any) -> None:
    """Remove a photo from one's own entry."""
    with transaction.atomic():
        entry = _own_entry(author, entry_id)
        photos = DiaryPhoto.objects.filter(pk=_id(photo_id), entry=entry, comment__isnull=True)
        if not photos.exists():
            raise NotFound(_("That photo does not exist."))
        files = photo_file_names(photos)
        photos.delete()
        photo_files_delete(files)


def diary_comment_create(*, author: Member, entry_id: Any, body: Any, photos: Sequence[bytes] = ()) -> DiaryComment:
    """Comment on an entry the member may see; numbered next, the entry's author and earlier commenters notified."""
    from tsunagu.diary.tasks import diary_comment_notify

    errors: dict[str, list[str]] = {}
    body = _text(body, max_length=COMMENT_MAX_LENGTH, multiline=True, field="body", errors=errors)
    try:
        visible = selectors.entry_for_viewer(viewer=author, entry_id=entry_id)
    except Http404:
        raise NotFound(_("That diary entry does not exist.")) from None
    if not visible.entry.comments_open:
        raise Forbidden(_("Comments are closed for this entry."))
    raise_if_invalid(errors)
    with photos_stored(photos) as stored, transaction.atomic():
        # The row lock serialises numbering per entry (see the module docstring).
        entry = DiaryEntry.objects.select_for_update().filter(pk=visible.entry.pk).first()
        if entry is None:  # deleted since it was fetched
            raise NotFound(_("That diary entry does not exist."))
        if not entry.comments_open:
            raise Forbidden(_("Comments are closed for this entry."))
        now = timezone.now()
        number = entry.last_comment_number + 1
        comment = DiaryComment.objects.create(
            entry=entry, author=author, number=number, body=body, body_html=plain_text_html(body), created_at=now
        )
        DiaryEntry.objects.filter(pk=entry.pk).update(
            last_comment_number=number, comment_count=F("comment_count") + 1, last_commented_at=now
        )
        _photos_add(entry, stored, comment)
        CommentedEntry.objects.bulk_create(
            [CommentedEntry(member=author, entry=entry, last_read_number=number, last_commented_at=now)],
            update_conflicts=True,
            unique_fields=["member", "entry"],
            update_fields=["last_read_number", "last_commented_at"],
        )
        transaction.on_commit(lambda: diary_comment_notify.enqueue(comment_id=comment.pk))
    return comment


def diary_comment_delete(*, member: Member, entry_id: Any, comment_id: Any) -> None:
    """Delete a comment: its author or the entry's author may. It keeps its number and shows as deleted."""
    from tsunagu.notifications.models import Notification

    try:
        visible = selectors.entry_for_viewer(viewer=member, entry_id=entry_id)
    except Http404:
        raise NotFound(_("That diary entry does not exist.")) from None
    with transaction.atomic():
        comment = (
            DiaryComment.objects.select_for_update()
            .filter(pk=_id(comment_id), entry=visible.entry, deleted_at__isnull=True)
            .first()
        )
        if comment is None:
            raise NotFound(_("That comment does not exist."))
        if member.pk not in (comment.author_id, visible.entry.author_id):
            raise Forbidden(_("Only the comment's author and the entry's author can delete it."))
        _comment_erase(comment)
        Notification.objects.filter(target_kind=COMMENT_KIND, target_id=comment.pk).delete()


def _comment_erase(comment: DiaryComment) -> None:
    """Remove a comment's text, author, photos and イイネ!, keeping its number (inside a transaction)."""
    photos = DiaryPhoto.objects.filter(comment=comment)
    files = photo_file_names(photos)
    photos.delete()
    reactions_delete(kind=COMMENT_KIND, item_ids=[comment.pk])
    comment.body = comment.body_html = ""
    comment.author = None
    comment.deleted_at = timezone.now()
    comment.save(update_fields=["body", "body_html", "author", "deleted_at"])
    DiaryEntry.objects.filter(pk=comment.entry_id).update(comment_count=F("comment_count") - 1)
    photo_files_delete(files)


def comments_read(*, member: policy.Viewer, entry: DiaryEntry) -> None:
    """The member has seen the entry's comments: clears its unread marker in「コメントした日記」."""
    if policy.is_member(member) and member.pk is not None:
        CommentedEntry.objects.filter(
            member_id=member.pk, entry=entry, last_read_number__lt=entry.last_comment_number
        ).update(last_read_number=entry.last_comment_number)


def diary_comment_notify(*, comment_id: Any) -> int:
    """Notify the entry's author and earlier commenters of a new comment, if they may see it; idempotent.

    Skipped: the commenter, anyone who can no longer see the entry, and anyone on either side of a
    block with the commenter.
    """
    from tsunagu.accounts.models import Member
    from tsunagu.friends.models import Block
    from tsunagu.notifications.models import NotificationKind
    from tsunagu.notifications.services import notifications_create

    comment = DiaryComment.objects.select_related("entry__author").filter(pk=comment_id).first()
    if comment is None or comment.is_deleted or comment.author_id is None:
        return 0
    entry = comment.entry
    candidates = {entry.author_id} | set(
        DiaryComment.objects.filter(entry=entry, number__lt=comment.number, deleted_at__isnull=True)
        .exclude(author__isnull=True)
        .values_list("author_id", flat=True)
    )
    candidates.discard(comment.author_id)
    blocked = set(
        Block.objects.filter(blocker_id=comment.author_id, blocked_id__in=candidates).values_list(
            "blocked_id", flat=True
        )
    ) | set(
        Block.objects.filter(blocked_id=comment.author_id, blocker_id__in=candidates).values_list(
            "blocker_id", flat=True
        )
    )
    recipients = [
        recipient
        for recipient in Member.objects.filter(pk__in=candidates - blocked, is_active=True)
        if policy.relationship(recipient, entry.author).allows(entry.audience, entry.friend_group_id)
    ]
    return notifications_create(
        recipient_ids=[recipient.pk for recipient in recipients],
        kind=NotificationKind.DIARY_COMMENT,
        actor_id=comment.author_id,
        target_kind=COMMENT_KIND,
        target_id=comment.pk,
    )


def diary_member_erase(*, member: Member) -> None:
    """Before an account is deleted: erase its comments on others' entries (numbers stay) and queue its photo files.

    The member's own entries go with the account (cascade); their photo files are deleted on commit.
    """
    from tsunagu.notifications.models import Notification

    for comment in DiaryComment.objects.select_for_update().filter(author=member, deleted_at__isnull=True):
        _comment_erase(comment)
    photo_files_delete(photo_file_names(DiaryPhoto.objects.filter(entry__author=member)))
    entry_ids = list(DiaryEntry.objects.filter(author=member).values_list("pk", flat=True))
    comment_ids = list(DiaryComment.objects.filter(entry_id__in=entry_ids).values_list("pk", flat=True))
    reactions_delete(kind=ENTRY_KIND, item_ids=entry_ids)
    reactions_delete(kind=COMMENT_KIND, item_ids=comment_ids)
    Notification.objects.filter(target_kind=COMMENT_KIND, target_id__in=comment_ids).delete()
