"""The demo network that `make run` loads."""

import re
from itertools import combinations
from typing import Any

import pytest
from django.core.management import call_command

from tsunagu.accounts.models import Member
from tsunagu.core import policy
from tsunagu.core.audience import Audience
from tsunagu.demo import graph
from tsunagu.demo.members import DEMO_PASSWORD, MEMBERS
from tsunagu.demo.services import demo_graph_load, demo_load
from tsunagu.friends.models import Block, FriendGroup, FriendIntro, FriendRequest, Friendship
from tsunagu.friends.services import block_remove, friend_remove
from tsunagu.profiles.fields import FIELDS
from tsunagu.profiles.models import Profile

pytestmark = pytest.mark.django_db


def local(member_id: int) -> str:
    return Member.objects.get(pk=member_id).email.split("@")[0]


def demo_members() -> dict[str, Member]:
    return {m.email.split("@")[0]: m for m in Member.objects.all()}


def friends(name: str) -> set[str]:
    member = demo_members()[name]
    return {local(pk) for pk in Friendship.objects.filter(member=member).values_list("friend_id", flat=True)}


def snapshot() -> dict[str, Any]:
    """Everything the demo graph consists of, by e-mail local part (independent of ids)."""
    names = {m.pk: m.email.split("@")[0] for m in Member.objects.all()}
    audiences = [f"{spec.name}_audience" for spec in FIELDS] + ["birth_year_audience", "friend_list_audience"]
    return {
        "friendships": sorted(
            (names[a], names[b]) for a, b in Friendship.objects.values_list("member_id", "friend_id")
        ),
        "groups": sorted(
            (names[g.owner_id], g.name, sorted(names[pk] for pk in g.memberships.values_list("member_id", flat=True)))
            for g in FriendGroup.objects.all()
        ),
        "blocks": sorted((names[a], names[b]) for a, b in Block.objects.values_list("blocker_id", "blocked_id")),
        "requests": sorted(
            (names[r.sender_id], names[r.recipient_id], r.message, r.declined_at is not None)
            for r in FriendRequest.objects.all()
        ),
        "intros": sorted(
            (names[i.author_id], names[i.subject_id], i.body, i.hidden) for i in FriendIntro.objects.all()
        ),
        "profiles": sorted(
            (names[p.member_id], [getattr(p, a) for a in audiences], p.school, p.workplace)
            for p in Profile.objects.all()
        ),
    }


def test_demo_loads_japanese_members_with_profiles_once(capsys: Any) -> None:
    """At least 30 members with Japanese names and filled profiles; loading twice duplicates nothing."""
    call_command("demo")
    first = snapshot()
    call_command("demo")
    assert snapshot() == first
    assert Member.objects.count() == len(MEMBERS) >= 30
    assert Profile.objects.count() == len(MEMBERS)
    assert all(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", m.nickname) for m in Member.objects.all())
    assert Profile.objects.exclude(introduction="").exclude(current_prefecture="").exclude(
        birthday=None
    ).count() == len(MEMBERS)
    out = capsys.readouterr().out
    assert "yamada.taro@example.com" in out and DEMO_PASSWORD in out
    assert "Friend graph:" in out


def test_first_demo_member_is_the_operator_and_can_log_in(client: Any) -> None:
    """The first demo member is an operator; demo members log in with the printed password."""
    call_command("demo")
    operator = Member.objects.get(email="yamada.taro@example.com")
    assert operator.is_staff and operator.is_superuser
    assert Member.objects.filter(is_staff=True).count() == 1
    response = client.post("/login/", {"username": "sato.hanako@example.com", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get("/").context["member"].email == "sato.hanako@example.com"


def test_graph_loading_is_idempotent_step_by_step() -> None:
    """Loading the graph again over a loaded one changes nothing at all."""
    call_command("demo")
    first = snapshot()
    demo_graph_load(list(Member.objects.order_by("pk")))
    assert snapshot() == first


def test_running_again_does_not_undo_what_a_visitor_did() -> None:
    """After the first load the demo is the visitors': a removed friend or a lifted block stays so."""
    call_command("demo")
    members = demo_members()
    friend_remove(member=members["sato.hanako"], friend_id=members["abe.chihiro"].pk)
    blocker, blocked = graph.BLOCKS[0]
    block_remove(blocker=members[blocker], blocked_id=members[blocked].pk)
    call_command("demo")
    assert "abe.chihiro" not in friends("sato.hanako")
    assert not Block.objects.filter(blocker=members[blocker], blocked=members[blocked]).exists()


def test_graph_has_clusters_hubs_and_loners() -> None:
    """Each cluster (classmates, colleagues, family, hometown) is fully connected; two hubs; a thin edge."""
    call_command("demo")
    assert set(graph.CLUSTERS) == {"classmates", "colleagues", "family", "hometown"}
    for cluster in graph.CLUSTERS.values():
        for a, b in combinations(cluster, 2):
            assert b in friends(a) and a in friends(b), (a, b)
    everyone = len(MEMBERS) - 1
    assert len(friends(graph.OPERATOR)) >= everyone * 3 // 4
    assert len(friends(graph.POPULAR)) >= everyone // 2
    assert all(len(friends(name)) <= 1 for name in graph.LONERS)
    assert Friendship.objects.count() // 2 >= 60
    # Symmetric, as every friendship is.
    pairs = set(Friendship.objects.values_list("member_id", "friend_id"))
    assert all((b, a) in pairs for a, b in pairs)


def test_groups_hold_their_owners_friends() -> None:
    """Members keep friend groups (仲良し, 同僚, 家族 …) of their own friends."""
    call_command("demo")
    groups = list(FriendGroup.objects.all())
    assert {"仲良し", "同僚", "家族"} <= {g.name for g in groups}
    assert len({g.owner_id for g in groups}) >= 8
    for group in groups:
        owner_friends = set(Friendship.objects.filter(member_id=group.owner_id).values_list("friend_id", flat=True))
        in_group = set(group.memberships.values_list("member_id", flat=True))
        assert in_group and in_group <= owner_friends, group.name


def test_blocks_hide_the_blocker() -> None:
    """A couple of blocks: the two are not friends and the blocked member cannot see the blocker."""
    call_command("demo")
    blocks = list(Block.objects.select_related("blocker", "blocked"))
    assert len(blocks) >= 2
    for block in blocks:
        assert not Friendship.objects.filter(member=block.blocker, friend=block.blocked).exists()
        assert not policy.can_see_member(block.blocked, block.blocker)
        assert policy.can_see_member(block.blocker, block.blocked)


def test_requests_and_intros_in_japanese() -> None:
    """Pending requests with messages (and one declined), intros between friends (one hidden by its subject)."""
    call_command("demo")
    requests = list(FriendRequest.objects.all())
    assert len([r for r in requests if r.declined_at is None]) >= 3
    assert any(r.declined_at is not None for r in requests)
    assert all(re.search(r"[\u3040-\u30ff]", r.message) for r in requests)
    for request in requests:
        assert not Friendship.objects.filter(member=request.sender, friend=request.recipient).exists()
    assert FriendRequest.objects.filter(recipient__email="sato.hanako@example.com", declined_at=None).exists()
    intros = list(FriendIntro.objects.all())
    assert len(intros) >= 5
    assert FriendIntro.objects.filter(hidden=True).count() == 1
    for intro in intros:
        assert Friendship.objects.filter(member=intro.author, friend=intro.subject).exists()
        assert re.search(r"[\u3040-\u30ff]", intro.body)


def test_profiles_mix_audiences_including_friend_groups() -> None:
    """Each profile uses several audiences; some fields are shared with one of the owner's groups, and reach only it."""
    call_command("demo")
    names = [f"{spec.name}_audience" for spec in FIELDS]
    grouped = 0
    for profile in Profile.objects.select_related("member"):
        audiences = {getattr(profile, name) for name in names}
        assert len(audiences) >= 3, profile.member.email
        for spec in FIELDS:
            if getattr(profile, f"{spec.name}_audience") == Audience.FRIEND_GROUP:
                group = getattr(profile, f"{spec.name}_friend_group")
                assert group is not None and group.owner_id == profile.member_id
                grouped += 1
    assert grouped >= 10
    # 高橋結衣 shares her workplace with her 同僚 group: a colleague sees it, another friend does not.
    members = demo_members()
    yui = Profile.objects.select_related("member").get(member=members["takahashi.yui"])
    shared = policy.Shared(owner="member", audience="workplace_audience", friend_group="workplace_friend_group")
    assert policy.can_view(members["hashimoto.rin"], yui, shared)
    assert not policy.can_view(members["sato.hanako"], yui, shared)
    assert policy.can_view(members["takahashi.yui"], yui, shared)


@pytest.mark.django_db
def test_demo_leaves_footprints_among_friends_once():
    """The operator finds footprints of friends on their page; loading again adds none."""
    from tsunagu.footprints.models import Footprint
    from tsunagu.friends.models import Friendship

    demo_load()
    operator = Member.objects.get(email="yamada.taro@example.com")
    visits = Footprint.objects.filter(owner=operator)
    assert visits.exists()
    assert all(Friendship.objects.filter(member=operator, friend=f.visitor).exists() for f in visits)
    count = Footprint.objects.count()
    demo_load()
    assert Footprint.objects.count() == count
