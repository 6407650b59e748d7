"""Community topics and events in the news feed (最新情報), and each member's switch for it per community.

The feed shows topics and events as they are started (a new comment bumps a topic in its community's
list, not in the feed), from the communities where the member is an active member with `in_feed` on, read
through the policy (their authors' blocks hide them), and none by a member the reader has blocked.
Joining a community is never shown.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils.translation import gettext as _

from tsunagu.accounts.models import Member
from tsunagu.communities.models import Membership, MembershipState, Topic, TopicPhoto
from tsunagu.core import policy
from tsunagu.core.errors import Invalid, NotFound
from tsunagu.diary.selectors import id_or_404
from tsunagu.feed.timeline import timeline
from tsunagu.friends.models import Block

FEED_TYPE = "community_topic"


def _feed_topics(member: Member) -> QuerySet[Topic]:
    communities = Membership.objects.filter(member_id=member.pk, state=MembershipState.ACTIVE, in_feed=True)
    return (
        Topic.objects.filter(community_id__in=communities.values("community_id"))
        .exclude(author_id__in=Block.objects.filter(blocker_id=member.pk).values("blocked_id"))
        .select_related("author__profile", "community")
    )


def feed_topics(member: Member) -> QuerySet[Topic]:
    """The feed source: topics and events of the member's communities in their feed, unordered."""
    return policy.visible_to(member, _feed_topics(member))


def feed_topics_attach(topics: list[Topic]) -> None:
    """The photos the feed shows with these topics (their own, not their comments'), in one query."""
    prefetch_related_objects(topics, Prefetch("photos", queryset=TopicPhoto.objects.filter(comment__isnull=True)))


def feed_topics_load(member: Member, ids: list[int]) -> list[Topic]:
    """These topics, if of the member's communities in their feed and not by someone they blocked (the policy
    is then applied by the feed's store, `policy.visible_items`)."""
    return list(_feed_topics(member).filter(pk__in=ids))


def feed_readers(topic: Topic) -> list[int]:
    """Members whose feed may show the topic: the community's active members with its feed switch on."""
    rows = Membership.objects.filter(community_id=topic.community_id, state=MembershipState.ACTIVE, in_feed=True)
    return list(rows.values_list("member_id", flat=True))


def membership_for_switch(*, member: Member, community_id: Any) -> Membership | None:
    """The member's active membership of the community (the switch is theirs only while they are a member)."""
    try:
        pk = id_or_404(community_id)
    except Http404:
        return None
    return Membership.objects.filter(community_id=pk, member_id=member.pk, state=MembershipState.ACTIVE).first()


def in_feed_set(*, member: Member, community_id: Any, in_feed: Any) -> Membership:
    """Show (or stop showing) a community's new topics and events in one's news feed: active members only."""
    if not isinstance(in_feed, bool):
        message = _("Choose yes or no.")
        raise Invalid(_("Please check the marked fields."), fields={"in_feed": [message]})
    row = membership_for_switch(member=member, community_id=community_id)
    if row is None:
        raise NotFound(_("You are not a member of this community."))
    if row.in_feed != in_feed:
        row.in_feed = in_feed
        row.save(update_fields=["in_feed"])
        if in_feed:
            transaction.on_commit(lambda: timeline().reader_changed(member.pk))
    return row
