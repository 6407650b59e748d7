"""Writes for voice: posting (with hashtags, an optional photo and replies), deleting, and notifying.

A reply answers a post, never another reply (one level, as mixi Voice): answering a reply answers its
post. It takes the post's audience; asking for a different one is refused rather than silently widened.
Posts cannot be edited, only deleted; deleting a post deletes its replies.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tsunagu.core import policy
from tsunagu.core.errors import Invalid, NotFound
from tsunagu.core.photos import photo_files_delete, photos_stored
from tsunagu.core.text import Linker, grapheme_count, hashtags, mentions, plain_text_html
from tsunagu.profiles.fields import FieldError, clean_text, parse_audience
from tsunagu.reactions.services import reactions_delete
from tsunagu.voice import selectors
from tsunagu.voice.models import TEXT_MAX_CODE_POINTS, TEXT_MAX_GRAPHEMES, Hashtag, VoiceHashtag, VoicePost
from tsunagu.voice.reactables import VOICE_KIND

if TYPE_CHECKING:
    from tsunagu.accounts.models import Member

LINKER = Linker(
    hashtag_url=lambda tag: reverse("voice:hashtag", args=[tag]),
    mention_url=lambda handle: reverse("voice:mention", args=[handle]),
)


def _text_clean(raw: Any, errors: dict[str, list[str]]) -> str:
    """The post's text: required, at most 150 characters as a reader counts them."""
    if not isinstance(raw, str):
        errors["text"] = [_("Enter text.")]
        return ""
    try:
        text = clean_text(raw, max_length=TEXT_MAX_CODE_POINTS, multiline=True)
    except FieldError:
        text = raw
    count = grapheme_count(text)
    if count > TEXT_MAX_GRAPHEMES:
        errors["text"] = [
            ngettext(
                "Write at most %(max)d character (this has %(count)d).",
                "Write at most %(max)d characters (this has %(count)d).",
                TEXT_MAX_GRAPHEMES,
            )
            % {"max": TEXT_MAX_GRAPHEMES, "count": count}
        ]
    elif len(text) > TEXT_MAX_CODE_POINTS:
        # Within 150 characters, but each heaped with combining marks: more than a post may store.
        errors["text"] = [_("This text has too many combining marks.")]
    elif not text:
        errors["text"] = [_("Write something to post.")]
    return text


def _root_for_reply(author: Member, raw: Any) -> VoicePost:
    """The post a reply answers (the post itself when `raw` names a reply); NotFound when the author cannot see it."""
    try:
        post = selectors.post_for_viewer(viewer=author, post_id=raw)
    except Http404:
        message = _("That voice post does not exist.")
        raise NotFound(message, fields={"in_reply_to": [message]}) from None
    if post.in_reply_to_id is not None:
        post = selectors.post_for_viewer(viewer=author, post_id=post.in_reply_to_id)
    return post


def _tags_store(post: VoicePost, names: list[str]) -> None:
    if not names:
        return
    Hashtag.objects.bulk_create([Hashtag(name=name) for name in names], ignore_conflicts=True)
    tag_ids = dict(Hashtag.objects.filter(name__in=names).values_list("name", "pk"))
    # In the order the text names them, so the post's tags read back in that order.
    VoiceHashtag.objects.bulk_create(
        VoiceHashtag(post=post, hashtag_id=tag_ids[name], audience=post.audience, created_at=post.created_at)
        for name in names
    )


def voice_post_create(
    *,
    author: Member,
    text: Any,
    audience: Any = None,
    friend_group: Any = None,
    in_reply_to: Any = None,
    photo: bytes | None = None,
) -> VoicePost:
    """Post a voice (or a reply); nothing is stored unless all of it is valid. Notifies after commit."""
    from tsunagu.feed.timeline import timeline
    from tsunagu.voice.tasks import voice_post_notify

    errors: dict[str, list[str]] = {}
    text = _text_clean(text, errors)
    root: VoicePost | None = None
    group_id: int | None = None
    if in_reply_to is not None:
        root = _root_for_reply(author, in_reply_to)
        # Not given (None, or a form's empty field) means the post's; a form sends the group's id as text.
        if audience not in (None, "") and audience != root.audience:
            errors["audience"] = [_("A reply is shown to the people who can see the post it answers.")]
        elif friend_group not in (None, "") and str(friend_group) != str(root.friend_group_id):
            errors["friend_group"] = [_("A reply is shown to the people who can see the post it answers.")]
        audience, group_id = root.audience, root.friend_group_id
    else:
        try:
            audience, group_id = parse_audience("friends" if audience is None else audience, friend_group, owner=author)
        except FieldError as error:
            errors["friend_group" if audience == "friend_group" else "audience"] = [str(error)]
    if errors:
        raise Invalid(_("Please check the marked fields."), fields=errors)
    with photos_stored([photo] if photo else [], field="photo", most=1) as stored, transaction.atomic():
        if root is not None and not VoicePost.objects.select_for_update().filter(pk=root.pk).exists():
            raise NotFound(_("That voice post does not exist."))
        post = VoicePost.objects.create(
            author=author,
            root_author_id=root.author_id if root else author.pk,
            in_reply_to=root,
            text=text,
            text_html=plain_text_html(text, LINKER),
            audience=audience,
            friend_group_id=group_id,
            created_at=timezone.now(),
            **(
                {
                    "photo": stored[0].image,
                    "photo_thumbnail": stored[0].thumbnail,
                    "photo_width": stored[0].width,
                    "photo_height": stored[0].height,
                }
                if stored
                else {}
            ),
        )
        _tags_store(post, hashtags(text))
        if root is not None:
            VoicePost.objects.filter(pk=root.pk).update(reply_count=F("reply_count") + 1)
        transaction.on_commit(lambda: voice_post_notify.enqueue(post_id=post.pk))
        if root is None:
            transaction.on_commit(lambda: timeline().item_added("voice", post))
    return post


def voice_post_delete(*, member: Member, post_id: Any) -> None:
    """Delete one's own post (with its replies) or reply; a post's author may also delete replies to it."""
    from tsunagu.feed.timeline import timeline
    from tsunagu.notifications.models import Notification

    try:
        post = selectors.post_for_viewer(viewer=member, post_id=post_id)
    except Http404:
        raise NotFound(_("That voice post does not exist.")) from None
    if member.pk not in (post.author_id, post.root_author_id if post.in_reply_to_id else post.author_id):
        raise NotFound(_("That voice post does not exist."))
    with transaction.atomic():
        gone = VoicePost.objects.filter(pk=post.pk) | VoicePost.objects.filter(in_reply_to_id=post.pk)
        ids = list(gone.values_list("pk", flat=True))
        files = [name for pair in gone.values_list("photo", "photo_thumbnail") for name in pair]
        reactions_delete(kind=VOICE_KIND, item_ids=ids)
        Notification.objects.filter(target_kind=VOICE_KIND, target_id__in=ids).delete()
        deleted = VoicePost.objects.filter(pk=post.pk).delete()[0]
        if deleted and post.in_reply_to_id is not None:
            VoicePost.objects.filter(pk=post.in_reply_to_id, reply_count__gt=0).update(reply_count=F("reply_count") - 1)
        photo_files_delete(files)
        if post.in_reply_to_id is None:
            transaction.on_commit(lambda: timeline().item_removed("voice", post.pk))


def voice_member_erase(*, member: Member) -> None:
    """Before an account is deleted: what the cascade leaves of its voice — the photo files, イイネ! and
    notifications of its posts, their replies and its replies; its replies in other posts' reply counts;
    its posts in kept timelines. The rows themselves go with the account."""
    from tsunagu.feed.timeline import timeline
    from tsunagu.notifications.models import Notification

    gone = VoicePost.objects.filter(Q(author=member) | Q(root_author=member))
    ids = list(gone.values_list("pk", flat=True))
    files = [name for pair in gone.values_list("photo", "photo_thumbnail") for name in pair]
    reactions_delete(kind=VOICE_KIND, item_ids=ids)
    Notification.objects.filter(target_kind=VOICE_KIND, target_id__in=ids).delete()
    replies = VoicePost.objects.filter(author=member, in_reply_to__isnull=False).exclude(root_author=member)
    per_post = replies.filter(in_reply_to=OuterRef("pk")).values("in_reply_to").annotate(n=Count("pk")).values("n")
    VoicePost.objects.filter(pk__in=replies.values("in_reply_to")).update(
        reply_count=F("reply_count") - Subquery(per_post)
    )
    photo_files_delete(files)
    posts = list(VoicePost.objects.filter(author=member, in_reply_to__isnull=True).values_list("pk", flat=True))

    def removed() -> None:
        for pk in posts:
            timeline().item_removed("voice", pk)

    transaction.on_commit(removed)


def voice_post_notify(*, post_id: Any) -> int:
    """Notify the post's author of a reply, and mentioned members who may see the post and have not blocked
    its author. Idempotent (a task may run twice). Returns how many notifications were new."""
    from tsunagu.accounts.models import Member
    from tsunagu.friends.models import Block
    from tsunagu.notifications.models import NotificationKind
    from tsunagu.notifications.services import notifications_create

    post = VoicePost.objects.select_related("author", "root_author").filter(pk=post_id).first()
    if post is None or not post.author.is_active:
        return 0
    blocked_author = set(Block.objects.filter(blocked=post.author).values_list("blocker_id", flat=True))
    created = 0
    replied = post.in_reply_to_id is not None and post.root_author_id not in blocked_author
    if replied and policy.can_view(post.root_author, post):
        created += notifications_create(
            recipient_ids=[post.root_author_id],
            kind=NotificationKind.VOICE_REPLY,
            actor_id=post.author_id,
            target_kind=VOICE_KIND,
            target_id=post.pk,
        )
    handles = mentions(post.text)
    if handles:
        mentioned = Member.objects.filter(handle__in=handles, is_active=True).exclude(pk__in=blocked_author)
        recipients = [member.pk for member in mentioned if policy.can_view(member, post)]
        created += notifications_create(
            recipient_ids=recipients,
            kind=NotificationKind.MENTION,
            actor_id=post.author_id,
            target_kind=VOICE_KIND,
            target_id=post.pk,
        )
    return created
