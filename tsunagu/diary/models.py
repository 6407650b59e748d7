"""The diary (日記): entries with an audience, numbered comments, photos, and who commented where."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tsunagu.core.audience import Audience
from tsunagu.core.policy import Shared

TITLE_MAX_LENGTH = 100
BODY_MAX_LENGTH = 20_000
COMMENT_MAX_LENGTH = 2_000


class DiaryEntry(models.Model):
    """One diary entry. `body_html` is the sanitised rendering of `body`, made when the entry is written."""

    shared = Shared(owner="author")

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="diary_entries")
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    body = models.TextField(_("body"), max_length=BODY_MAX_LENGTH)
    body_html = models.TextField(editable=False)
    audience = models.CharField(_("who can see this"), max_length=20, choices=Audience.choices, default="friends")
    # If the group is deleted, only the author sees the entry (as for profile fields).
    friend_group = models.ForeignKey(
        "friends.FriendGroup", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    comments_open = models.BooleanField(_("comments allowed"), default=True)
    # The number the last comment got; comments are numbered from 1 and a deleted one keeps its number.
    last_comment_number = models.PositiveIntegerField(default=0, editable=False)
    comment_count = models.PositiveIntegerField(_("comments"), default=0, editable=False)
    last_commented_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("diary entry")
        verbose_name_plural = _("diary entries")
        indexes = [
            models.Index(fields=["author", "-created_at", "-id"], name="diary_entry_author_newest"),
            # The database timeline store's window (see voice_feed_newest).
            models.Index(fields=["-created_at", "-id"], name="diary_feed_newest"),
        ]

    def __str__(self) -> str:
        return self.title


class DiaryComment(models.Model):
    """A comment, numbered within its entry. Deleting keeps the row (and its number) with the text removed."""

    entry = models.ForeignKey(DiaryEntry, on_delete=models.CASCADE, related_name="comments")
    # Null once the comment is deleted or its author's account is gone.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="diary_comments"
    )
    number = models.PositiveIntegerField(_("number"))
    body = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH, blank=True)
    body_html = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("diary comment")
        verbose_name_plural = _("diary comments")
        constraints = [models.UniqueConstraint(fields=["entry", "number"], name="diary_comment_number_once")]

    def __str__(self) -> str:
        return f"{self.entry_id} #{self.number}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class DiaryPhoto(models.Model):
    """A photo of an entry, or of one of its comments (`comment` set). Files are served only through the policy."""

    entry = models.ForeignKey(DiaryEntry, on_delete=models.CASCADE, related_name="photos")
    comment = models.ForeignKey(DiaryComment, null=True, blank=True, on_delete=models.CASCADE, related_name="photos")
    position = models.PositiveSmallIntegerField(default=1)
    image = models.CharField(max_length=200, editable=False)
    thumbnail = models.CharField(max_length=200, editable=False)
    width = models.PositiveIntegerField(editable=False)
    height = models.PositiveIntegerField(editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("diary photo")
        verbose_name_plural = _("diary photos")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.entry_id}/{self.pk}"


class CommentedEntry(models.Model):
    """コメント記入履歴: an entry `member` commented on, and how far they have read its comments."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="commented_entries")
    entry = models.ForeignKey(DiaryEntry, on_delete=models.CASCADE, related_name="+")
    last_read_number = models.PositiveIntegerField(default=0)
    last_commented_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("commented diary entry")
        verbose_name_plural = _("commented diary entries")
        constraints = [models.UniqueConstraint(fields=["member", "entry"], name="commented_entry_once")]

    def __str__(self) -> str:
        return f"{self.member_id} on {self.entry_id}"
