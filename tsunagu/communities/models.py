"""Communities (コミュニティ): membership and roles, topics and events with numbered comments, reports.

Community content (topics, events, their comments) carries the `community` audience (DESIGN.md §2) and
is read only through `tsunagu.core.policy` with `Shared(..., community="community")`: members of the
community may read it, and every signed-in member may too where the community's `topics_public` allows.
Pending members are not members. The community's own page (name, description, counts) is known to
every signed-in member.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tsunagu.core.audience import Audience
from tsunagu.core.policy import Shared

NAME_MAX_LENGTH = 60
DESCRIPTION_MAX_LENGTH = 5_000
TITLE_MAX_LENGTH = 100
BODY_MAX_LENGTH = 10_000
COMMENT_MAX_LENGTH = 2_000


class Category(models.Model):
    """A category communities are filed under; the operator keeps the list (in the admin)."""

    name_ja = models.CharField(_("name (Japanese)"), max_length=40, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=40, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("community category")
        verbose_name_plural = _("community categories")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name_ja


class JoinPolicy(models.TextChoices):
    OPEN = "open", _("Anyone can join")
    APPROVAL = "approval", _("Admins approve who joins")


class TopicCreation(models.TextChoices):
    MEMBERS = "members", _("All members")
    ADMINS = "admins", _("Admins and sub-admins only")


class Community(models.Model):
    """A community. `name_key` is the name normalised (NFKC, case-folded) so names are unique as people read them."""

    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    name_key = models.CharField(max_length=NAME_MAX_LENGTH * 2, unique=True, editable=False)
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="communities")
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX_LENGTH, blank=True)
    description_html = models.TextField(editable=False, blank=True)
    image = models.CharField(max_length=200, blank=True, editable=False)
    join_policy = models.CharField(_("joining"), max_length=10, choices=JoinPolicy.choices, default=JoinPolicy.OPEN)
    topics_public = models.BooleanField(_("non-members may read topics"), default=True)
    topic_creation = models.CharField(
        _("who may start topics"), max_length=10, choices=TopicCreation.choices, default=TopicCreation.MEMBERS
    )
    # Set by the operator: every new member joins.
    joined_by_everyone = models.BooleanField(_("every new member joins"), default=False)
    member_count = models.PositiveIntegerField(_("members"), default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_activity_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        indexes = [
            models.Index(fields=["category", "-member_count"], name="community_by_category"),
            # Search results and browsing, most members first; one- and two-character searches walk it (search.py).
            models.Index(fields=["-member_count", "-id"], name="community_by_members"),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    ADMIN = "admin", _("Admin")
    SUB_ADMIN = "sub_admin", _("Sub-admin")
    MEMBER = "member", _("Member")


class MembershipState(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    ACTIVE = "active", _("Member")


class Membership(models.Model):
    """A member's place in a community. Only `active` rows are members; exactly one active row is the admin."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_memberships")
    state = models.CharField(max_length=10, choices=MembershipState.choices, default=MembershipState.ACTIVE)
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    # The member's own switch: new topics and events of this community in their news feed.
    in_feed = models.BooleanField(_("show in my news feed"), default=True)
    message = models.CharField(_("message to the admins"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    joined_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("community membership")
        verbose_name_plural = _("community memberships")
        constraints = [
            models.UniqueConstraint(fields=["community", "member"], name="membership_once"),
            models.UniqueConstraint(fields=["community"], condition=models.Q(role="admin"), name="community_one_admin"),
        ]
        indexes = [
            models.Index(fields=["member", "state"], name="membership_by_member"),
            models.Index(fields=["community", "state", "role"], name="membership_by_community"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} in {self.community_id} ({self.state}, {self.role})"


class RoleOffer(models.Model):
    """An offer of a role (sub-admin, or the admin role itself) that takes effect only when the member accepts."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="role_offers")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_role_offers")
    role = models.CharField(
        max_length=10, choices=[(Role.ADMIN, Role.ADMIN.label), (Role.SUB_ADMIN, Role.SUB_ADMIN.label)]
    )
    offered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("role offer")
        verbose_name_plural = _("role offers")
        constraints = [models.UniqueConstraint(fields=["community", "member"], name="role_offer_once")]

    def __str__(self) -> str:
        return f"{self.role} for {self.member_id} in {self.community_id}"


class Bar(models.Model):
    """A removed member barred from joining again."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="bars")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("barred member")
        verbose_name_plural = _("barred members")
        constraints = [models.UniqueConstraint(fields=["community", "member"], name="bar_once")]

    def __str__(self) -> str:
        return f"{self.member_id} barred from {self.community_id}"


class Topic(models.Model):
    """A topic (トピック), or an event (イベント) when `starts_at` is set. Comments are numbered per topic."""

    shared = Shared(owner="author", friend_group=None, community="community")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="topics")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_topics")
    # Always `community`: stored so the policy reads community content like any other shared item.
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.COMMUNITY, editable=False)
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    body = models.TextField(_("body"), max_length=BODY_MAX_LENGTH)
    body_html = models.TextField(editable=False)
    # Events only.
    starts_at = models.DateTimeField(_("date and time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    deadline = models.DateTimeField(_("sign-up deadline"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    participant_count = models.PositiveIntegerField(default=0, editable=False)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_comment_number = models.PositiveIntegerField(default=0, editable=False)
    comment_count = models.PositiveIntegerField(_("comments"), default=0, editable=False)
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    # A new comment bumps the topic: lists are sorted by this.
    last_activity_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        indexes = [
            models.Index(fields=["community", "-last_activity_at", "-id"], name="topic_latest_activity"),
            models.Index(fields=["community", "-created_at", "-id"], name="topic_newest"),
            # The database timeline store's window (see voice_feed_newest).
            models.Index(fields=["-created_at", "-id"], name="topic_feed_newest"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_event(self) -> bool:
        return self.starts_at is not None


class TopicComment(models.Model):
    """A comment, numbered within its topic; deleting keeps the number and removes the text."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="community_comments"
    )
    number = models.PositiveIntegerField(_("number"))
    body = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH, blank=True)
    body_html = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("topic comment")
        verbose_name_plural = _("topic comments")
        constraints = [models.UniqueConstraint(fields=["topic", "number"], name="topic_comment_number_once")]

    def __str__(self) -> str:
        return f"{self.topic_id} #{self.number}"


class TopicPhoto(models.Model):
    """A photo of a topic, or of one of its comments; served only through the policy."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="photos")
    comment = models.ForeignKey(TopicComment, null=True, blank=True, on_delete=models.CASCADE, related_name="photos")
    position = models.PositiveSmallIntegerField(default=1)
    image = models.CharField(max_length=200, editable=False)
    thumbnail = models.CharField(max_length=200, editable=False)
    width = models.PositiveIntegerField(editable=False)
    height = models.PositiveIntegerField(editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("topic photo")
        verbose_name_plural = _("topic photos")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.topic_id}/{self.pk}"


class Participation(models.Model):
    """A member going to an event."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="participations")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_participations")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("event participant")
        verbose_name_plural = _("event participants")
        constraints = [models.UniqueConstraint(fields=["topic", "member"], name="participation_once")]

    def __str__(self) -> str:
        return f"{self.member_id} → {self.topic_id}"


class Report(models.Model):
    """A member's report of a topic or comment, for the community's admins and the operator (a list in the admin)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="reports")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="reports")
    comment = models.ForeignKey(TopicComment, null=True, blank=True, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(_("reason"), max_length=1_000)
    created_at = models.DateTimeField(_("reported at"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "topic"], condition=models.Q(comment__isnull=True), name="report_topic_once"
            ),
            models.UniqueConstraint(
                fields=["reporter", "comment"], condition=models.Q(comment__isnull=False), name="report_comment_once"
            ),
        ]

    def __str__(self) -> str:
        return f"report {self.pk} on {self.topic_id}"


class CommunityMessage(models.Model):
    """A message from a community's admin or a sub-admin to all its members (一斉メッセージ).

    Delivered as one message to each member through the messaging app by a task (`delivered_at` once done);
    the rows of the last day count against the community's daily limit.
    """

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="bulk_messages")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    subject = models.CharField(_("subject"), max_length=100)
    body = models.TextField(_("body"), max_length=10_000)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True, editable=False)
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0, editable=False)

    class Meta:
        verbose_name = _("message to all members")
        verbose_name_plural = _("messages to all members")
        indexes = [models.Index(fields=["community", "-created_at"], name="community_message_recent")]

    def __str__(self) -> str:
        return f"{self.community_id}: {self.subject}"
