"""Creating, changing and deleting communities: names unique as people read them, categories from the operator's
list, descriptions as safe HTML, images re-encoded without metadata, settings and deletion by the admin alone.

Every refusal is checked to carry a message and to leave nothing behind (no rows, no files).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from tests.communities.membership_helpers import (
    joined,
    jpeg_with_gps,
    media_files,
    new_community,
    sub_admin,
)
from tsunagu.accounts.models import Member
from tsunagu.communities.models import (
    NAME_MAX_LENGTH,
    Category,
    Community,
    Membership,
    MembershipState,
    Role,
    Topic,
    TopicComment,
    TopicPhoto,
)
from tsunagu.communities.notification_targets import COMMENT_KIND, TOPIC_KIND
from tsunagu.communities.services import (
    community_create,
    community_delete,
    community_image_remove,
    community_image_set,
    community_operator_delete,
    community_update,
    name_key,
)
from tsunagu.core.errors import Conflict, Forbidden, Invalid, NotFound
from tsunagu.core.photos import photo_store
from tsunagu.notifications.models import Notification, NotificationKind
from tsunagu.reactions.models import Reaction
from tsunagu.reactions.services import iine_add

pytestmark = pytest.mark.django_db

MakeMember = Callable[..., Member]


@pytest.fixture
def category() -> Category:
    return Category.objects.create(name_ja="音楽", name_en="Music", position=1)


# --- creating ---------------------------------------------------------------------------------------------


def test_the_creator_is_the_admin_and_only_member(member: Member, category: Category) -> None:
    community = community_create(
        creator=member,
        name="  くるり  ファン ",
        description="京都のバンド、くるりのファンの集まりです。\nhttps://example.jp/ も見てね",
        category=category.pk,
        join_policy="approval",
        topics_public=False,
        topic_creation="admins",
    )
    community.refresh_from_db()
    assert community.name == "くるり ファン"
    assert community.category == category
    assert (community.join_policy, community.topics_public, community.topic_creation) == ("approval", False, "admins")
    assert community.member_count == 1
    row = Membership.objects.get(community=community)
    assert (row.member, row.state, row.role) == (member, MembershipState.ACTIVE, Role.ADMIN)
    assert row.joined_at is not None
    assert '<a href="https://example.jp/"' in community.description_html
    assert "<br>" in community.description_html


def test_the_description_is_escaped(member: Member) -> None:
    community = new_community(member, description="<script>alert(1)</script> & <b>太字</b>")
    assert "<script>" not in community.description_html
    assert "&lt;script&gt;" in community.description_html


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Kururi Fans", "kururi fans"),
        ("ＫＵＲＵＲＩ", "kururi"),  # full-width letters
        ("ｸﾙﾘ", "クルリ"),  # half-width katakana
        ("Straße", "STRASSE"),  # case folding, not just lower-casing
        ("くるり  ファン", "くるり ファン"),  # runs of spaces
    ],
)
def test_names_are_unique_as_people_read_them(member: Member, other: Member, first: str, second: str) -> None:
    new_community(member, name=first)
    with pytest.raises(Conflict) as caught:
        new_community(other, name=second)
    assert caught.value.code == "name_taken"
    assert caught.value.fields["name"] == [caught.value.message]
    assert "already exists" in caught.value.message or "既に" in caught.value.message
    assert Community.objects.count() == 1


def test_name_key_folds_width_and_case() -> None:
    assert name_key("ＡＢＣ　ｱｲｳ") == name_key("abc アイウ")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "あ" * (NAME_MAX_LENGTH + 1)}, "name"),
        ({"name": 12}, "name"),
        ({"description": ""}, "description"),
        ({"description": ["x"]}, "description"),
        ({"category": 999999}, "category"),
        ({"category": "音楽"}, "category"),
        ({"category": True}, "category"),
        ({"join_policy": "invite"}, "join_policy"),
        ({"topics_public": "yes"}, "topics_public"),
        ({"topic_creation": "everyone"}, "topic_creation"),
    ],
)
def test_bad_fields_are_refused_with_a_message_and_nothing_stored(
    member: Member, change: dict[str, Any], field: str
) -> None:
    fields: dict[str, Any] = {"name": "料理部", "description": "作ったものを見せ合う"}
    fields.update(change)
    with pytest.raises(Invalid) as caught:
        community_create(creator=member, **fields)
    assert caught.value.fields[field]
    assert Community.objects.count() == 0
    assert Membership.objects.count() == 0


def test_every_bad_field_is_reported_at_once(member: Member) -> None:
    with pytest.raises(Invalid) as caught:
        community_create(creator=member, name="", description="", join_policy="x", topic_creation="y")
    assert set(caught.value.fields) == {"name", "description", "join_policy", "topic_creation"}


def test_the_image_is_re_encoded_without_location(member: Member) -> None:
    community = new_community(member, image=jpeg_with_gps())
    assert community.image.startswith("communities/")
    with default_storage.open(community.image) as file:
        image = Image.open(io.BytesIO(file.read()))
        assert image.format == "JPEG"
        assert image.width == image.height <= 512  # square, like an avatar
        assert not image.getexif()


def test_a_bad_image_refuses_the_community_and_stores_nothing(member: Member) -> None:
    with pytest.raises(Invalid) as caught:
        new_community(member, image=b"not an image")
    assert caught.value.fields["image"]
    assert Community.objects.count() == 0
    assert media_files() == []


def test_a_taken_name_stores_no_image(member: Member, other: Member) -> None:
    new_community(member, name="同窓会")
    with pytest.raises(Conflict):
        new_community(other, name="同窓会", image=jpeg_with_gps())
    assert media_files() == []


# --- changing -----------------------------------------------------------------------------------------


def test_the_admin_changes_the_settings(member: Member, category: Category) -> None:
    community = new_community(member, name="旧名", category=category.pk)
    community_update(
        member=member,
        community_id=community.pk,
        name="新名",
        description="新しい説明",
        category=None,
        join_policy="approval",
        topics_public=False,
        topic_creation="admins",
    )
    community.refresh_from_db()
    assert (community.name, community.name_key, community.category) == ("新名", "新名", None)
    assert community.description_html == "<p>新しい説明</p>"
    assert (community.join_policy, community.topics_public, community.topic_creation) == ("approval", False, "admins")


def test_a_change_leaves_what_is_not_given(member: Member, category: Category) -> None:
    community = new_community(member, name="そのまま", category=category.pk, join_policy="approval")
    community_update(member=member, community_id=community.pk, topics_public=False)
    community.refresh_from_db()
    assert (community.name, community.category, community.join_policy) == ("そのまま", category, "approval")


def test_renaming_to_ones_own_name_in_other_letters_is_allowed_but_not_to_anothers(
    member: Member, other: Member
) -> None:
    mine = new_community(member, name="Tokyo Walk")
    new_community(other, name="Osaka Walk")
    community_update(member=member, community_id=mine.pk, name="TOKYO WALK")
    with pytest.raises(Conflict):
        community_update(member=member, community_id=mine.pk, name="osaka walk")
    mine.refresh_from_db()
    assert mine.name == "TOKYO WALK"


def test_only_the_admin_changes_settings(member: Member, make_member: MakeMember) -> None:
    community = new_community(member, name="設定")
    helper, plain = make_member(), make_member()
    sub_admin(helper, community)
    joined(plain, community)
    for someone in (helper, plain, make_member()):
        with pytest.raises(Forbidden) as caught:
            community_update(member=someone, community_id=community.pk, name="乗っ取り")
        assert caught.value.message
    community.refresh_from_db()
    assert community.name == "設定"


def test_a_refused_change_changes_nothing(member: Member) -> None:
    community = new_community(member, name="元のまま")
    with pytest.raises(Invalid):
        community_update(member=member, community_id=community.pk, name="新しい名前", join_policy="nope")
    community.refresh_from_db()
    assert community.name == "元のまま"


def test_an_unknown_community_is_not_found(member: Member) -> None:
    for community_id in (0, 987654, "abc", 10**30):
        with pytest.raises(NotFound):
            community_update(member=member, community_id=community_id, name="x")


def test_the_image_is_replaced_and_removed_by_the_admin_only(
    member: Member, other: Member, django_capture_on_commit_callbacks: Any
) -> None:
    community = new_community(member)
    joined(other, community)
    with pytest.raises(Forbidden):
        community_image_set(member=other, community_id=community.pk, data=jpeg_with_gps())
    assert media_files() == []
    with django_capture_on_commit_callbacks(execute=True):
        community_image_set(member=member, community_id=community.pk, data=jpeg_with_gps())
    first = Community.objects.get(pk=community.pk).image
    with django_capture_on_commit_callbacks(execute=True):
        community_image_set(member=member, community_id=community.pk, data=jpeg_with_gps((300, 400)))
    second = Community.objects.get(pk=community.pk).image
    assert media_files() == [second]
    assert first != second
    with django_capture_on_commit_callbacks(execute=True):
        community_image_remove(member=member, community_id=community.pk)
    assert Community.objects.get(pk=community.pk).image == ""
    assert media_files() == []


# --- deleting -----------------------------------------------------------------------------------------


def _topic_with_photo(community: Community, author: Member) -> Topic:
    """A topic row with a photo file, made directly (topics have their own services and tests)."""
    topic = Topic.objects.create(community=community, author=author, title="写真", body="見て", body_html="<p>見て</p>")
    stored = photo_store(jpeg_with_gps())
    TopicPhoto.objects.create(
        topic=topic, image=stored.image, thumbnail=stored.thumbnail, width=stored.width, height=stored.height
    )
    return topic


def test_only_the_admin_deletes_and_everything_goes(
    member: Member, make_member: MakeMember, django_capture_on_commit_callbacks: Any
) -> None:
    community = new_community(member, image=jpeg_with_gps())
    helper = make_member()
    sub_admin(helper, community)
    _topic_with_photo(community, helper)
    assert len(media_files()) == 3
    with pytest.raises(Forbidden):
        community_delete(member=helper, community_id=community.pk)
    with django_capture_on_commit_callbacks(execute=True):
        community_delete(member=member, community_id=community.pk)
    assert not Community.objects.filter(pk=community.pk).exists()
    assert not Membership.objects.filter(community_id=community.pk).exists()
    assert not Topic.objects.filter(community_id=community.pk).exists()
    assert media_files() == []


def test_files_are_deleted_only_once_the_deletion_commits(
    member: Member, django_capture_on_commit_callbacks: Any
) -> None:
    community = new_community(member, image=jpeg_with_gps())
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        community_delete(member=member, community_id=community.pk)
    # Nothing is deleted from storage until the transaction commits.
    assert len(media_files()) == 1
    assert callbacks


def test_the_operator_deletes_a_community(member: Member, django_capture_on_commit_callbacks: Any) -> None:
    community = new_community(member, image=jpeg_with_gps())
    with django_capture_on_commit_callbacks(execute=True):
        community_operator_delete(community_id=community.pk)
    assert not Community.objects.exists()
    assert media_files() == []


def test_iine_and_notifications_about_its_topics_go_with_the_community(
    member: Member, other: Member, make_member: MakeMember
) -> None:
    community = new_community(member)
    joined(other, community)
    topic = _topic_with_photo(community, member)
    comment = TopicComment.objects.create(topic=topic, author=other, number=1, body="いいね", body_html="<p>いいね</p>")
    iine_add(member=other, kind=TOPIC_KIND, item_id=topic.pk)
    Notification.objects.create(
        recipient=member,
        kind=NotificationKind.TOPIC_COMMENT,
        actor=other,
        target_kind=COMMENT_KIND,
        target_id=comment.pk,
    )
    elsewhere = new_community(other, name="よそ")
    kept = _topic_with_photo(elsewhere, other)
    iine_add(member=member, kind=TOPIC_KIND, item_id=kept.pk)
    community_delete(member=member, community_id=community.pk)
    assert list(Reaction.objects.values_list("item_id", flat=True)) == [kept.pk]
    assert not Notification.objects.filter(target_kind__in=[TOPIC_KIND, COMMENT_KIND], target_id=comment.pk).exists()
