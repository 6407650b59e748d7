"""Voice (つぶやき): short posts with an audience, one optional photo, replies one level deep, and hashtags.

A reply takes the audience of the post it answers (copied when written; posts cannot be edited), and
`root_author` names whose audience that is, so one `Shared` serves posts and replies alike: a reply is
visible to whoever may see the post, unless the reply's own author has blocked them or left.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tsunagu.core.audience import Audience
from tsunagu.core.policy import Shared

TEXT_MAX_GRAPHEMES = 150
# Stored length in code points: 150 graphemes can be several code points each (flags, families, marks).
TEXT_MAX_CODE_POINTS = 1500


class VoicePost(models.Model):
    """One voice post, or a reply to one (`in_reply_to` set; replies are never replied to)."""

    shared = Shared(owner="root_author", co_author="author")

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="voice_posts")
    # The author of the post this belongs to: the author for a post, the post's author for a reply.
    root_author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    in_reply_to = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
        verbose_name=_("reply to"),
        db_index=False,  # `voice_replies_oldest` serves lookups by post
    )
    text = models.TextField(_("text"), max_length=TEXT_MAX_CODE_POINTS)
    text_html = models.TextField(editable=False)
    audience = models.CharField(_("who can see this"), max_length=20, choices=Audience.choices, default="friends")
    friend_group = models.ForeignKey(
        "friends.FriendGroup", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reply_count = models.PositiveIntegerField(_("replies"), default=0, editable=False)
    photo = models.CharField(max_length=200, blank=True, editable=False)
    photo_thumbnail = models.CharField(max_length=200, blank=True, editable=False)
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("posted at"), default=timezone.now)

    class Meta:
        verbose_name = _("voice post")
        verbose_name_plural = _("voice posts")
        indexes = [
            # Partial, so that reads of posts (feed, a member's voice) and of replies each have their own index
            # (with one index on in_reply_to, SQLite answered "posts by these authors" by scanning every post).
            models.Index(
                fields=["author", "-created_at", "-id"],
                name="voice_posts_author_newest",
                condition=models.Q(in_reply_to__isnull=True),
            ),
            models.Index(
                fields=["in_reply_to", "created_at", "id"],
                name="voice_replies_oldest",
                condition=models.Q(in_reply_to__isnull=False),
            ),
            # The database timeline store's window (the last days' posts of everyone, friends picked on the
            # way): PostgreSQL otherwise read the whole table for it (192 → 2.6 ms, docs/performance.md).
            models.Index(
                fields=["-created_at", "-id"], name="voice_feed_newest", condition=models.Q(in_reply_to__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return self.text[:40]

    @property
    def is_reply(self) -> bool:
        return self.in_reply_to_id is not None


class Hashtag(models.Model):
    """A tag in its one normalised form (`core.text.hashtag_normalize`): ＃ＡＢＣ and #abc are the same row."""

    name = models.CharField(_("name"), max_length=50, unique=True)

    class Meta:
        verbose_name = _("hashtag")
        verbose_name_plural = _("hashtags")

    def __str__(self) -> str:
        return f"#{self.name}"


class VoiceHashtag(models.Model):
    """A post carries a tag. `created_at` and `audience` are the post's, so tag pages and trending need no join."""

    post = models.ForeignKey(VoicePost, on_delete=models.CASCADE, related_name="tag_links")
    hashtag = models.ForeignKey(Hashtag, on_delete=models.CASCADE, related_name="post_links")
    audience = models.CharField(max_length=20, choices=Audience.choices)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("hashtag use")
        verbose_name_plural = _("hashtag uses")
        constraints = [models.UniqueConstraint(fields=["post", "hashtag"], name="voice_hashtag_once")]
        indexes = [
            models.Index(fields=["hashtag", "-created_at"], name="voice_hashtag_newest"),
            models.Index(fields=["created_at", "audience"], name="voice_hashtag_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.post_id} #{self.hashtag_id}"
