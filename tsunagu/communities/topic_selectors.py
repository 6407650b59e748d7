"""Reads of community topics (トピック) and events (イベント) for a viewer: every topic, comment, photo and
participant through the policy's `community` audience (404 when hidden, exactly like a missing one)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from tsunagu.accounts.models import Member
from tsunagu.communities.models import (
    Community,
    Membership,
    MembershipState,
    Participation,
    Role,
    Topic,
    TopicComment,
    TopicCreation,
    TopicPhoto,
)
from tsunagu.core import policy
from tsunagu.core.audience import Audience
from tsunagu.core.pagination import DEFAULT_LIMIT, CursorPage, newest_first
from tsunagu.diary.selectors import id_or_404

# Joining an event closes this long after its deadline, or after its date when it has no deadline.
SIGN_UP_GRACE = timedelta(days=1)
MODERATOR_ROLES = (Role.ADMIN, Role.SUB_ADMIN)


def sign_up_closes_at(topic: Topic) -> datetime:
    """The first instant at which joining the event is refused: a day after its deadline, or after its date."""
    anchor = topic.deadline or topic.starts_at
    assert anchor is not None, "only events have a sign-up"
    return anchor + SIGN_UP_GRACE


def sign_up_open(topic: Topic, now: datetime | None = None) -> bool:
    """Whether members may join (or leave) the event now: up to, not including, `sign_up_closes_at`."""
    return (now or timezone.now()) < sign_up_closes_at(topic)


def event_full(topic: Topic) -> bool:
    return topic.capacity is not None and topic.participant_count >= topic.capacity


def membership_of(viewer: policy.Viewer, community_id: Any) -> Membership | None:
    """The viewer's active membership of the community (None for pending requests, non-members, visitors)."""
    if not policy.is_member(viewer) or viewer.pk is None:
        return None
    return Membership.objects.filter(
        community_id=community_id, member_id=viewer.pk, state=MembershipState.ACTIVE
    ).first()


def _community_rule(viewer: policy.Viewer) -> policy.Relationship:
    """The policy's view of a viewer before any author is known: what the `community` audience allows them."""
    signed_in = policy.is_member(viewer)
    return policy.Relationship(viewer_is_member=signed_in, viewer_id=viewer.pk if signed_in else None)


@dataclass(frozen=True)
class TopicsOfCommunity:
    """A community whose topics the viewer may read, with the viewer's active membership (None: not a member)."""

    community: Community
    membership: Membership | None

    @property
    def is_member(self) -> bool:
        return self.membership is not None

    @property
    def is_moderator(self) -> bool:
        return self.membership is not None and self.membership.role in MODERATOR_ROLES

    @property
    def can_start(self) -> bool:
        """Whether the viewer may start topics and events here (`topic_creation`: all members, or admins)."""
        if self.community.topic_creation == TopicCreation.ADMINS:
            return self.is_moderator
        return self.is_member


def community_topics_for_viewer(*, viewer: policy.Viewer, community_id: Any) -> TopicsOfCommunity:
    """The community if the viewer may read its topics (its members; every signed-in member where
    `topics_public`); Http404 otherwise, as for a community that does not exist."""
    community = Community.objects.filter(pk=id_or_404(community_id)).first()
    if community is None or not _community_rule(viewer).allows(Audience.COMMUNITY, None, community):
        raise Http404
    return TopicsOfCommunity(community=community, membership=membership_of(viewer, community.pk))


def community_known(*, viewer: policy.Viewer, community_id: Any) -> Community:
    """A community, known to every signed-in member (its name and counts, not its topics); Http404 otherwise."""
    community = Community.objects.filter(pk=id_or_404(community_id)).first() if policy.is_member(viewer) else None
    if community is None:
        raise Http404
    return community


def community_topics_readable(*, viewer: policy.Viewer, community: Community) -> bool:
    return _community_rule(viewer).allows(Audience.COMMUNITY, None, community)


@dataclass(frozen=True)
class VisibleTopic:
    """A topic or event the viewer may read, with how the viewer stands to its author and its community."""

    topic: Topic
    relationship: policy.Relationship
    membership: Membership | None

    @property
    def is_author(self) -> bool:
        return self.relationship.is_owner

    @property
    def is_member(self) -> bool:
        return self.membership is not None

    @property
    def is_moderator(self) -> bool:
        return self.membership is not None and self.membership.role in MODERATOR_ROLES

    @property
    def can_comment(self) -> bool:
        return self.is_member

    @property
    def can_edit(self) -> bool:
        """Edits are the author's, and only while they are still an active member."""
        return self.is_author and self.is_member

    @property
    def can_delete(self) -> bool:
        return self.is_author or self.is_moderator


def _topics() -> QuerySet[Topic]:
    return Topic.objects.select_related("author__profile", "community").prefetch_related(
        Prefetch("photos", queryset=TopicPhoto.objects.filter(comment__isnull=True))
    )


def topic_for_viewer(*, viewer: policy.Viewer, topic_id: Any) -> VisibleTopic:
    """The topic or event if the viewer may read it; Http404 otherwise (also for ids that do not exist)."""
    topic = _topics().filter(pk=id_or_404(topic_id)).first()
    if topic is None:
        raise Http404
    rel = policy.relationship(viewer, topic.author)
    if not rel.allows(topic.audience, None, topic.community):
        raise Http404
    return VisibleTopic(topic=topic, relationship=rel, membership=membership_of(viewer, topic.community_id))


def event_for_viewer(*, viewer: policy.Viewer, topic_id: Any) -> VisibleTopic:
    """An event the viewer may read; Http404 for plain topics too."""
    visible = topic_for_viewer(viewer=viewer, topic_id=topic_id)
    if not visible.topic.is_event:
        raise Http404
    return visible


def topics_page(
    *,
    viewer: policy.Viewer,
    community: Community,
    events: bool,
    cursor: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> CursorPage[Topic]:
    """One page of the community's topics (or events) the viewer may read, latest activity first."""
    topics = Topic.objects.filter(community=community, starts_at__isnull=not events).select_related("author__profile")
    return newest_first(policy.visible_to(viewer, topics), cursor=cursor, limit=limit, time_field="last_activity_at")


def topics_visible(viewer: policy.Viewer) -> QuerySet[Topic]:
    """Every topic and event the viewer may read (unordered)."""
    return policy.visible_to(viewer, Topic.objects.all())


def comments_for_viewer(*, viewer: policy.Viewer, topic: Topic) -> QuerySet[TopicComment]:
    """All comments of a topic the viewer may read, by number, with `hidden` set on those the viewer may not read.

    Hidden: written by a member who has blocked the viewer, or whose account is closed. Like deleted
    comments, they keep their number and show no author or text, so numbering has no gaps.
    """
    comments = (
        TopicComment.objects.filter(topic=topic)
        .select_related("author__profile")
        .prefetch_related("photos")
        .order_by("number")
    )
    if policy.is_member(viewer) and viewer.pk is not None:
        blocked = Q(author_id__in=policy.blocker_ids(viewer.pk)) & ~Q(author_id=viewer.pk)
    else:
        blocked = Q(pk__in=[])
    inactive = Exists(Member.objects.filter(pk=OuterRef("author_id"), is_active=False))
    return comments.annotate(hidden=Exists(TopicComment.objects.filter(Q(pk=OuterRef("pk")) & (blocked | Q(inactive)))))


def comment_readable(comment: TopicComment) -> bool:
    """Whether a comment from `comments_for_viewer` shows its author and text to the viewer."""
    return comment.deleted_at is None and not getattr(comment, "hidden", False) and comment.author_id is not None


def photo_for_viewer(*, viewer: policy.Viewer, topic_id: Any, photo_id: Any) -> TopicPhoto:
    """A photo of a topic the viewer may read, and (for a comment's photo) of a comment they may read; else 404."""
    visible = topic_for_viewer(viewer=viewer, topic_id=topic_id)
    photo = TopicPhoto.objects.filter(pk=id_or_404(photo_id), topic=visible.topic).first()
    if photo is None:
        raise Http404
    if photo.comment_id is not None:
        comment = comments_for_viewer(viewer=viewer, topic=visible.topic).filter(pk=photo.comment_id).first()
        if comment is None or not comment_readable(comment):
            raise Http404
    return photo


def participants_page(
    *, viewer: policy.Viewer, topic: Topic, cursor: str | None = None, limit: int = DEFAULT_LIMIT
) -> CursorPage[Participation]:
    """One page of an event's participants the viewer may see (not those who blocked them, nor closed
    accounts), latest sign-up first. Call with an event from `event_for_viewer`."""
    rows = Participation.objects.filter(topic=topic).select_related("member__profile")
    return newest_first(policy.members_visible_to(viewer, rows, member_field="member"), cursor=cursor, limit=limit)


def is_participant(*, viewer: policy.Viewer, topic: Topic) -> bool:
    if not policy.is_member(viewer) or viewer.pk is None:
        return False
    return Participation.objects.filter(topic=topic, member_id=viewer.pk).exists()
