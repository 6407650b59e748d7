"""Exact query budgets of the operator's lists in the Django admin: the same with 2 rows of each as with 20."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db.models import Model

from tests.api.helpers import png
from tests.budgets import ROWS, SESSION, Budget, World, measure
from tests.communities.topic_helpers import a_topic, community_of, join
from tsunagu.accounts.models import Invitation, Member
from tsunagu.accounts.services import invitation_create
from tsunagu.communities.models import Category, Community, Report
from tsunagu.communities.moderation import report_create
from tsunagu.communities.topic_services import topic_comment_create
from tsunagu.core.models import SiteSettings
from tsunagu.footprints.models import Footprint, FootprintPage, FootprintTotal
from tsunagu.footprints.services import footprint_record
from tsunagu.friends import services as friends
from tsunagu.friends.models import Block, FriendIntro, FriendRequest, Friendship
from tsunagu.profiles.models import Profile
from tsunagu.profiles.services import avatar_set

pytestmark = pytest.mark.django_db

ROW = '<td class="action-checkbox">'


def listed(model: type[Model]) -> Callable[[int], int]:
    """Every row of the model is on the changelist's first page (100)."""
    return lambda n: min(model._default_manager.count(), 100)


def changelist(model: type[Model], queries: int) -> Budget:
    meta = model._meta
    return Budget(
        f"/admin/{meta.app_label}/{meta.model_name}/", SESSION + queries, listed(model), ROW, viewer="operator"
    )


# The operator (the session's member), the count of rows and of all rows, whether site settings may be added (for
# the sidebar), the page of rows with what its columns show; filters add their choices, the date hierarchy its dates.
PLAIN = 5
BUDGETS = {
    "admin:accounts_member_changelist": changelist(Member, PLAIN),
    "admin:accounts_invitation_changelist": changelist(Invitation, PLAIN),
    "admin:profiles_profile_changelist": changelist(Profile, PLAIN),
    "admin:friends_friendrequest_changelist": changelist(FriendRequest, PLAIN),
    "admin:friends_friendship_changelist": changelist(Friendship, PLAIN),
    "admin:friends_block_changelist": changelist(Block, PLAIN),
    "admin:friends_friendintro_changelist": changelist(FriendIntro, PLAIN),
    "admin:footprints_footprint_changelist": changelist(Footprint, PLAIN),
    "admin:footprints_footprinttotal_changelist": changelist(FootprintTotal, PLAIN),
    "admin:communities_category_changelist": changelist(Category, PLAIN),
    # the categories to filter by
    "admin:communities_community_changelist": changelist(Community, PLAIN + 1),
    # the communities reported (to filter by), the days with reports (the date hierarchy, two queries)
    "admin:communities_report_changelist": changelist(Report, PLAIN + 3),
}


def build(make_member: Callable[..., Member], n: int) -> World:
    """n of everything the admin lists: members with avatars who visited each other, asked, befriended, blocked,
    introduced and invited; communities in categories; reports of comments."""
    operator = Member.objects.create_superuser("operator@example.com", "operator-pass-42", nickname="運営")
    admin = make_member("管理人")
    community = community_of(admin)
    topic = a_topic(admin, community, title="話題")
    for i in range(n):
        a, b = make_member(f"会員{i}"), make_member(f"友人{i}")
        avatar_set(member=a, data=png((8, 8)))
        friends.friendship_create(a, b)
        friends.intro_write(author=b, subject_id=a.pk, body="いい人")
        friends.friend_request_send(sender=a, recipient_id=make_member().pk)
        friends.block_create(blocker=a, blocked_id=make_member().pk)
        footprint_record(owner=a, visitor=b, page=FootprintPage.PROFILE)
        invitation = invitation_create(inviter=a)
        if i % 2:
            make_member(f"招待{i}", invitation_code=invitation.code)
        category = Category.objects.create(name_ja=f"分類{i}", name_en=f"Category {i}", position=i)
        community_of(a, name=f"会{i}", category=category.pk)
        join(b, community)
        comment = topic_comment_create(author=admin, topic_id=topic.pk, body=f"コメント{i}")
        report_create(reporter=b, topic_id=topic.pk, comment_id=comment.pk, reason="ひどい")
    SiteSettings.load()  # cached after the first request of a process
    return World({"operator": operator})


@pytest.mark.parametrize("rows", ROWS)
def test_admin_lists(rows: int, make_member: Callable[..., Member]) -> None:
    measure(build(make_member, rows), BUDGETS, rows)
