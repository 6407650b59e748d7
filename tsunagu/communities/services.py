"""Writes for communities: creating, editing and deleting them, joining and leaving, requests, removals, bars and roles.

Roles (docs/communities.md): one admin, any number of sub-admins, members. The admin alone changes the
settings and the image, deletes the community, offers roles and demotes sub-admins; the admin and the
sub-admins answer join requests, remove and bar members (a sub-admin removes members only, never another
sub-admin, and nobody removes the admin). A role offer takes effect only when the member accepts; on a
hand-over the old admin becomes a sub-admin.

Every change to memberships locks the community's row first (`select_for_update` on PostgreSQL; on
SQLite every transaction is IMMEDIATE and takes the write lock), so parallel joins, approvals and
hand-overs queue on the community: `member_count` (active members only) moves in the same transaction,
and there is always exactly one admin (the partial unique index `community_one_admin` is the backstop).
"""

from __future__ import annotations

import secrets
import unicodedata
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.communities.models import (
    DESCRIPTION_MAX_LENGTH,
    NAME_MAX_LENGTH,
    Bar,
    Category,
    Community,
    JoinPolicy,
    Membership,
    MembershipState,
    Role,
    RoleOffer,
    Topic,
    TopicComment,
    TopicCreation,
    TopicPhoto,
)
from tsunagu.communities.notification_targets import COMMENT_KIND, TOPIC_KIND
from tsunagu.core.errors import Conflict, Forbidden, Invalid, NotFound, raise_if_invalid
from tsunagu.core.images import ImageRejected, image_reencode
from tsunagu.core.photos import photo_files_delete
from tsunagu.core.text import plain_text_html
from tsunagu.diary.selectors import id_or_404
from tsunagu.feed.timeline import timeline
from tsunagu.profiles.fields import FieldError, clean_text
from tsunagu.reactions.services import reactions_delete

if TYPE_CHECKING:
    from tsunagu.accounts.models import Member

IMAGE_BOX = (512, 512)
IMAGE_FOLDER = "communities"
MESSAGE_MAX_LENGTH = 300
# `community_update(category=KEEP)` leaves the category as it is; None clears it.
KEEP: Any = object()


# --- checking what members send ------------------------------------------------------------------------------


def name_key(name: str) -> str:
    """A name as people read it: NFKC (full-width and half-width alike), case-folded, spaces collapsed."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    return " ".join(folded.split())


def _name(raw: Any, errors: dict[str, list[str]]) -> str:
    if not isinstance(raw, str):
        errors["name"] = [_("Enter a name for the community.")]
        return ""
    try:
        name = " ".join(clean_text(raw, max_length=NAME_MAX_LENGTH).split())
    except FieldError as error:
        errors["name"] = [str(error)]
        return ""
    if not name:
        errors["name"] = [_("Enter a name for the community.")]
    return name


def _description(raw: Any, errors: dict[str, list[str]]) -> str:
    if not isinstance(raw, str):
        errors["description"] = [_("Enter a description.")]
        return ""
    try:
        description = clean_text(raw, max_length=DESCRIPTION_MAX_LENGTH, multiline=True)
    except FieldError as error:
        errors["description"] = [str(error)]
        return ""
    if not description:
        errors["description"] = [_("Enter a description: what the community is about, who it is for.")]
    return description


def _category(raw: Any, errors: dict[str, list[str]]) -> Category | None:
    """A category from the operator's list, by id; None and "" mean none."""
    if raw is None or raw == "":
        return None
    category = None
    if not isinstance(raw, bool) and isinstance(raw, int | str):
        try:
            category = Category.objects.filter(pk=id_or_404(raw)).first()
        except Http404:
            category = None
    if category is None:
        errors["category"] = [_("Choose one of the categories.")]
    return category


def _choice(raw: Any, choices: type[JoinPolicy] | type[TopicCreation], field: str, errors: dict[str, list[str]]) -> str:
    if raw not in choices.values:
        errors[field] = [_("Choose one of: %(choices)s.") % {"choices": ", ".join(choices.values)}]
        return ""
    return str(raw)


def _flag(raw: Any, field: str, errors: dict[str, list[str]]) -> bool:
    if not isinstance(raw, bool):
        errors[field] = [_("Give true or false.")]
        return False
    return raw


def _message(raw: Any) -> str:
    if raw is None:
        return ""
    field = "message"
    if not isinstance(raw, str):
        raise Invalid(_("Enter text."), fields={field: [_("Enter text.")]})
    try:
        return clean_text(raw, max_length=MESSAGE_MAX_LENGTH, multiline=True)
    except FieldError as error:
        raise Invalid(str(error), fields={field: [str(error)]}) from None


def _name_taken() -> Conflict:
    message = _("A community with this name already exists. Please choose another name.")
    return Conflict(message, fields={"name": [message]}, code="name_taken")


def _name_check(name: str, key: str, community: Community | None = None) -> None:
    taken = Community.objects.filter(name_key=key)
    if community is not None:
        taken = taken.exclude(pk=community.pk)
    if taken.exists():
        raise _name_taken()


def _image_store(data: bytes) -> str:
    """Re-encode an upload like an avatar (square, no metadata) and store it; the storage name."""
    try:
        image = image_reencode(data, max_bytes=settings.AVATAR_MAX_UPLOAD_BYTES, box=IMAGE_BOX, square=True)
    except ImageRejected as error:
        raise Invalid(str(error), fields={"image": [str(error)]}) from None
    return default_storage.save(
        f"{IMAGE_FOLDER}/{secrets.token_urlsafe(24)}.{image.extension}", ContentFile(image.content)
    )


# --- the community and the acting member ---------------------------------------------------------------------


def _not_found() -> NotFound:
    return NotFound(_("That community does not exist."))


def _locked(community_id: Any) -> Community:
    """The community, its row locked for the transaction (see the module docstring)."""
    try:
        pk = id_or_404(community_id)
    except Http404:
        raise _not_found() from None
    community = Community.objects.select_for_update().filter(pk=pk).first()
    if community is None:
        raise _not_found()
    return community


def _row(community: Community, member_id: Any) -> Membership | None:
    try:
        pk = id_or_404(member_id)
    except Http404:
        return None
    return Membership.objects.filter(community=community, member_id=pk).first()


def _active_row(community: Community, member_id: Any) -> Membership | None:
    row = _row(community, member_id)
    return row if row is not None and row.state == MembershipState.ACTIVE else None


def _actor(community: Community, member: Member, *, admin_only: bool) -> Membership:
    """The acting member's row: the admin (or, unless `admin_only`, a sub-admin); Forbidden for anyone else."""
    row = _active_row(community, member.pk)
    if row is not None and (row.role == Role.ADMIN or (not admin_only and row.role == Role.SUB_ADMIN)):
        return row
    if admin_only:
        raise Forbidden(_("Only the community's admin can do this."))
    raise Forbidden(_("Only the community's admin and sub-admins can do this."))


def _member_not_here() -> NotFound:
    return NotFound(_("That member is not in this community."))


def _count(community: Community, change: int) -> None:
    Community.objects.filter(pk=community.pk).update(member_count=F("member_count") + change)


# --- creating, changing, deleting ----------------------------------------------------------------------------


def community_create(
    *,
    creator: Member,
    name: Any,
    description: Any,
    category: Any = None,
    join_policy: Any = JoinPolicy.OPEN,
    topics_public: Any = True,
    topic_creation: Any = TopicCreation.MEMBERS,
    image: bytes | None = None,
) -> Community:
    """Create a community with its creator as the admin (and its only member); nothing is stored unless all is valid."""
    errors: dict[str, list[str]] = {}
    name = _name(name, errors)
    description = _description(description, errors)
    category = _category(category, errors)
    join_policy = _choice(join_policy, JoinPolicy, "join_policy", errors)
    topics_public = _flag(topics_public, "topics_public", errors)
    topic_creation = _choice(topic_creation, TopicCreation, "topic_creation", errors)
    raise_if_invalid(errors)
    key = name_key(name)
    _name_check(name, key)
    stored = _image_store(image) if image else ""
    try:
        with transaction.atomic():
            now = timezone.now()
            community = Community.objects.create(
                name=name,
                name_key=key,
                category=category,
                description=description,
                description_html=plain_text_html(description),
                image=stored,
                join_policy=join_policy,
                topics_public=topics_public,
                topic_creation=topic_creation,
                member_count=1,
                created_at=now,
                last_activity_at=now,
            )
            Membership.objects.create(
                community=community,
                member=creator,
                state=MembershipState.ACTIVE,
                role=Role.ADMIN,
                created_at=now,
                joined_at=now,
            )
    except IntegrityError:
        # Another member took the name between the check and the insert.
        if stored:
            default_storage.delete(stored)
        raise _name_taken() from None
    except BaseException:
        if stored:
            default_storage.delete(stored)
        raise
    return community


def community_update(
    *,
    member: Member,
    community_id: Any,
    name: Any = None,
    description: Any = None,
    category: Any = KEEP,
    join_policy: Any = None,
    topics_public: Any = None,
    topic_creation: Any = None,
) -> Community:
    """Change the given settings (None leaves one as it is; `category=None` clears the category). Admin only.

    Requests already waiting stay waiting when joining becomes open: the admins answer them.
    """
    errors: dict[str, list[str]] = {}
    try:
        with transaction.atomic():
            community = _locked(community_id)
            _actor(community, member, admin_only=True)
            changed: list[str] = []
            if name is not None:
                community.name = _name(name, errors)
                community.name_key = name_key(community.name)
                changed += ["name", "name_key"]
            if description is not None:
                community.description = _description(description, errors)
                community.description_html = plain_text_html(community.description)
                changed += ["description", "description_html"]
            if category is not KEEP:
                community.category = _category(category, errors)
                changed.append("category")
            if join_policy is not None:
                community.join_policy = _choice(join_policy, JoinPolicy, "join_policy", errors)
                changed.append("join_policy")
            if topics_public is not None:
                community.topics_public = _flag(topics_public, "topics_public", errors)
                changed.append("topics_public")
            if topic_creation is not None:
                community.topic_creation = _choice(topic_creation, TopicCreation, "topic_creation", errors)
                changed.append("topic_creation")
            raise_if_invalid(errors)
            if name is not None:
                _name_check(community.name, community.name_key, community)
            if changed:
                community.save(update_fields=changed)
    except IntegrityError:
        raise _name_taken() from None
    return community


def community_image_set(*, member: Member, community_id: Any, data: bytes) -> Community:
    """Give the community a new image (admin only); the old file goes once the change is committed."""
    with transaction.atomic():
        # Checked first so that a refused member's upload is never decoded or stored.
        _actor(_locked(community_id), member, admin_only=True)
    stored = _image_store(data)
    try:
        with transaction.atomic():
            community = _locked(community_id)
            _actor(community, member, admin_only=True)
            old = community.image
            community.image = stored
            community.save(update_fields=["image"])
            photo_files_delete([old])
    except BaseException:
        default_storage.delete(stored)
        raise
    return community


def community_image_remove(*, member: Member, community_id: Any) -> Community:
    with transaction.atomic():
        community = _locked(community_id)
        _actor(community, member, admin_only=True)
        old = community.image
        community.image = ""
        community.save(update_fields=["image"])
        photo_files_delete([old])
    return community


def _community_erase(community: Community) -> None:
    """Delete a community with everything in it (inside a transaction): the イイネ! and notifications about its
    topics and comments go with it, its files after commit."""
    from tsunagu.notifications.services import notifications_delete

    photos = TopicPhoto.objects.filter(topic__community=community).values_list("image", "thumbnail")
    files = [community.image, *(name for pair in photos for name in pair)]
    topic_ids = list(Topic.objects.filter(community=community).values_list("pk", flat=True))
    comment_ids = list(TopicComment.objects.filter(topic_id__in=topic_ids).values_list("pk", flat=True))
    reactions_delete(kind=TOPIC_KIND, item_ids=topic_ids)
    reactions_delete(kind=COMMENT_KIND, item_ids=comment_ids)
    notifications_delete(target_kind=TOPIC_KIND, target_ids=topic_ids)
    notifications_delete(target_kind=COMMENT_KIND, target_ids=comment_ids)
    community.delete()
    photo_files_delete(files)


def community_delete(*, member: Member, community_id: Any) -> None:
    """Delete the community with its members, requests, topics, events, comments and photos. Admin only."""
    with transaction.atomic():
        community = _locked(community_id)
        _actor(community, member, admin_only=True)
        _community_erase(community)


def community_operator_delete(*, community_id: Any) -> None:
    """The operator deletes a community (from the admin site), like its admin would."""
    with transaction.atomic():
        _community_erase(_locked(community_id))


# --- joining and leaving -------------------------------------------------------------------------------------


def community_join(*, member: Member, community_id: Any, message: Any = None) -> Membership:
    """Join an open community, or ask to join one that needs approval (with an optional message to the admins)."""
    message = _message(message)
    with transaction.atomic():
        community = _locked(community_id)
        row = _row(community, member.pk)
        if row is not None and row.state == MembershipState.ACTIVE:
            raise Conflict(_("You are already a member of this community."), code="already_member")
        if row is not None:
            raise Conflict(
                _("You have already asked to join. The community's admins have not answered yet."),
                code="already_requested",
            )
        if Bar.objects.filter(community=community, member=member).exists():
            raise Forbidden(_("You cannot join this community: its admins have removed you from it."), code="barred")
        now = timezone.now()
        if community.join_policy == JoinPolicy.OPEN:
            row = Membership.objects.create(
                community=community, member=member, state=MembershipState.ACTIVE, created_at=now, joined_at=now
            )
            _count(community, +1)
            transaction.on_commit(lambda: timeline().reader_changed(member.pk))
        else:
            row = Membership.objects.create(
                community=community, member=member, state=MembershipState.PENDING, message=message, created_at=now
            )
    return row


def community_leave(*, member: Member, community_id: Any) -> None:
    """Leave a community, or take back a request to join. The admin must hand the role over first."""
    with transaction.atomic():
        community = _locked(community_id)
        row = _row(community, member.pk)
        if row is None:
            raise NotFound(_("You are not a member of this community."))
        if row.state == MembershipState.ACTIVE and row.role == Role.ADMIN:
            raise Forbidden(
                _(
                    "You are the admin: hand the admin role over to another member before you leave "
                    "(or delete the community)."
                ),
                code="admin_cannot_leave",
            )
        _row_delete(community, row)


def _row_delete(community: Community, row: Membership) -> None:
    """Drop a membership or request, with any role offered to the member (inside the community's lock)."""
    RoleOffer.objects.filter(community=community, member_id=row.member_id).delete()
    if row.state == MembershipState.ACTIVE:
        _count(community, -1)
    row.delete()


def communities_join_everyone(*, member: Member) -> None:
    """At sign-up: the new member joins every community the operator marked `joined_by_everyone`.

    Joined as an active member whatever the community's join policy (the operator's choice stands for the
    admins'); counts move with row-locking updates, so parallel sign-ups add up.
    """
    ids = list(Community.objects.filter(joined_by_everyone=True).order_by("pk").values_list("pk", flat=True))
    if not ids:
        return
    now = timezone.now()
    Membership.objects.bulk_create(
        [
            Membership(community_id=pk, member=member, state=MembershipState.ACTIVE, created_at=now, joined_at=now)
            for pk in ids
        ]
    )
    Community.objects.filter(pk__in=ids).update(member_count=F("member_count") + 1)


# --- requests, removals and bars (admin and sub-admins) ------------------------------------------------------


def join_request_approve(*, moderator: Member, community_id: Any, member_id: Any) -> Membership:
    """Let a member who asked to join in."""
    with transaction.atomic():
        community = _locked(community_id)
        _actor(community, moderator, admin_only=False)
        row = _row(community, member_id)
        if row is None or row.state != MembershipState.PENDING:
            raise NotFound(_("There is no request to join from this member."))
        row.state = MembershipState.ACTIVE
        row.joined_at = timezone.now()
        row.save(update_fields=["state", "joined_at"])
        _count(community, +1)
        transaction.on_commit(lambda: timeline().reader_changed(row.member_id))
    return row


def join_request_decline(*, moderator: Member, community_id: Any, member_id: Any, bar: bool = False) -> None:
    """Turn a request down (the member may ask again), or with `bar` also keep them from asking again."""
    with transaction.atomic():
        community = _locked(community_id)
        _actor(community, moderator, admin_only=False)
        row = _row(community, member_id)
        if row is None or row.state != MembershipState.PENDING:
            raise NotFound(_("There is no request to join from this member."))
        _row_delete(community, row)
        if bar:
            _bar(community, row.member_id)


def member_remove(*, moderator: Member, community_id: Any, member_id: Any, bar: bool = False) -> None:
    """Remove a member, and with `bar` keep them from joining again.

    Nobody removes the admin; only the admin removes a sub-admin; nobody removes themself (that is leaving).
    """
    with transaction.atomic():
        community = _locked(community_id)
        actor = _actor(community, moderator, admin_only=False)
        row = _active_row(community, member_id)
        if row is None:
            raise _member_not_here()
        if row.member_id == moderator.pk:
            raise Forbidden(_("You cannot remove yourself. Leave the community instead."))
        if row.role == Role.ADMIN:
            raise Forbidden(_("The admin cannot be removed from the community."))
        if row.role == Role.SUB_ADMIN and actor.role != Role.ADMIN:
            raise Forbidden(_("Only the admin can remove a sub-admin."))
        _row_delete(community, row)
        if bar:
            _bar(community, row.member_id)


def _bar(community: Community, member_id: int) -> None:
    Bar.objects.get_or_create(community=community, member_id=member_id)


def bar_lift(*, moderator: Member, community_id: Any, member_id: Any) -> None:
    """Let a barred member join (or ask to join) again."""
    with transaction.atomic():
        community = _locked(community_id)
        _actor(community, moderator, admin_only=False)
        try:
            pk = id_or_404(member_id)
        except Http404:
            pk = 0
        if not Bar.objects.filter(community=community, member_id=pk).delete()[0]:
            raise NotFound(_("This member is not barred from the community."))


# --- roles ---------------------------------------------------------------------------------------------------


def role_offer_make(*, admin: Member, community_id: Any, member_id: Any, role: Any) -> RoleOffer:
    """Offer a member the sub-admin role, or the admin role itself (a hand-over); nothing changes until they accept.

    One hand-over offer at a time: another one must be withdrawn first.
    """
    if role not in (Role.ADMIN, Role.SUB_ADMIN):
        message = _("Choose one of: %(choices)s.") % {"choices": ", ".join([Role.ADMIN.value, Role.SUB_ADMIN.value])}
        raise Invalid(message, fields={"role": [message]})
    with transaction.atomic():
        community = _locked(community_id)
        _actor(community, admin, admin_only=True)
        row = _active_row(community, member_id)
        if row is None:
            raise _member_not_here()
        if row.member_id == admin.pk:
            raise Invalid(_("You are the admin already."))
        if role == Role.SUB_ADMIN and row.role == Role.SUB_ADMIN:
            raise Conflict(_("This member is a sub-admin already."), code="already_sub_admin")
        existing = RoleOffer.objects.filter(community=community, member_id=row.member_id).first()
        if existing is not None:
            raise Conflict(
                _("This member already has an offer waiting for an answer. Withdraw it first to make another."),
                code="offer_waiting",
            )
        if role == Role.ADMIN and RoleOffer.objects.filter(community=community, role=Role.ADMIN).exists():
            raise Conflict(
                _("You have already offered the admin role to another member. Withdraw that offer first."),
                code="handover_waiting",
            )
        return RoleOffer.objects.create(community=community, member_id=row.member_id, role=role, offered_by=admin)


def role_offer_withdraw(*, admin: Member, community_id: Any, member_id: Any) -> None:
    with transaction.atomic():
        community = _locked(community_id)
        _actor(community, admin, admin_only=True)
        try:
            pk = id_or_404(member_id)
        except Http404:
            pk = 0
        if not RoleOffer.objects.filter(community=community, member_id=pk).delete()[0]:
            raise NotFound(_("There is no offer to this member."))


def _offer_to(community: Community, member: Member) -> tuple[RoleOffer, Membership]:
    offer = RoleOffer.objects.filter(community=community, member=member).first()
    row = _active_row(community, member.pk)
    if offer is None or row is None:
        raise NotFound(_("There is no role offered to you in this community."))
    return offer, row


def role_offer_accept(*, member: Member, community_id: Any) -> Membership:
    """Take the role offered. On a hand-over the old admin becomes a sub-admin and every other offer lapses."""
    with transaction.atomic():
        community = _locked(community_id)
        offer, row = _offer_to(community, member)
        if offer.role == Role.ADMIN:
            # The old admin steps down first: the partial unique index allows one admin at any moment.
            Membership.objects.filter(community=community, role=Role.ADMIN).exclude(pk=row.pk).update(
                role=Role.SUB_ADMIN
            )
            RoleOffer.objects.filter(community=community).delete()
        else:
            offer.delete()
        row.role = offer.role
        row.save(update_fields=["role"])
    return row


def role_offer_decline(*, member: Member, community_id: Any) -> None:
    with transaction.atomic():
        community = _locked(community_id)
        offer, _membership = _offer_to(community, member)
        offer.delete()


def sub_admin_demote(*, admin: Member, community_id: Any, member_id: Any) -> Membership:
    """Make a sub-admin an ordinary member again (the admin's decision alone)."""
    with transaction.atomic():
        community = _locked(community_id)
        _actor(community, admin, admin_only=True)
        row = _active_row(community, member_id)
        if row is None or row.role != Role.SUB_ADMIN:
            raise NotFound(_("This member is not a sub-admin."))
        row.role = Role.MEMBER
        row.save(update_fields=["role"])
    return row


def sub_admin_resign(*, member: Member, community_id: Any) -> Membership:
    """A sub-admin steps down to an ordinary member."""
    with transaction.atomic():
        community = _locked(community_id)
        row = _active_row(community, member.pk)
        if row is None or row.role != Role.SUB_ADMIN:
            raise NotFound(_("You are not a sub-admin of this community."))
        row.role = Role.MEMBER
        row.save(update_fields=["role"])
    return row


# --- deleting an account -------------------------------------------------------------------------------------


def community_member_erase(*, member: Member) -> None:
    """Before an account is deleted (inside its transaction): hand over the communities it admins, fix counts.

    The admin role goes to the longest-standing sub-admin, else to the longest-standing member (active
    accounts only, no acceptance asked: someone must hold the role); a community with nobody else in it
    is deleted with its files. Every other offer in those communities lapses. The member's own rows
    (memberships, requests, offers, bars) go with the account; the communities they were in count one
    member fewer.
    """
    admin_of = list(
        Membership.objects.filter(member=member, role=Role.ADMIN, state=MembershipState.ACTIVE).values_list(
            "community_id", flat=True
        )
    )
    for community_id in sorted(admin_of):
        community = _locked(community_id)
        others = Membership.objects.filter(
            community=community, state=MembershipState.ACTIVE, member__is_active=True
        ).exclude(member=member)
        successor = (
            others.filter(role=Role.SUB_ADMIN).order_by("joined_at", "pk").first()
            or others.order_by("joined_at", "pk").first()
        )
        if successor is None:
            _community_erase(community)
            continue
        Membership.objects.filter(community=community, member=member).update(role=Role.MEMBER)
        successor.role = Role.ADMIN
        successor.save(update_fields=["role"])
        RoleOffer.objects.filter(community=community).delete()
    joined = Membership.objects.filter(member=member, state=MembershipState.ACTIVE).values("community_id")
    Community.objects.filter(pk__in=joined).update(member_count=F("member_count") - 1)
