"""Voice endpoints (つぶやき): posts and replies, their photo, イイネ!, hashtag pages and trending hashtags.

Reads go through `tsunagu.voice.selectors`, writes through `tsunagu.voice.services`. A post the viewer may
not see answers 404 exactly like one that does not exist, and so does deleting one that is not the
caller's to delete. Posting takes JSON, or a form (multipart) with the same fields plus one file `photo`.
Reading voice leaves no footprints.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects
from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from ninja import Router, Schema, Status
from pydantic import ConfigDict

from tsunagu.accounts.models import Member
from tsunagu.core import policy
from tsunagu.core.api_auth import ANYONE
from tsunagu.core.api_input import body_with_files, openapi_body
from tsunagu.core.audience import Audience
from tsunagu.core.pagination import limit_clean
from tsunagu.core.photos import photo_response
from tsunagu.diary.selectors import id_or_404
from tsunagu.friends.api import MemberSummary
from tsunagu.friends.selectors import member_for_viewer
from tsunagu.profiles.api import member_summary
from tsunagu.reactions.api import IineList, IineState, iine_give, iine_list, iine_states, iine_take_back
from tsunagu.voice import selectors, services
from tsunagu.voice.models import VoiceHashtag, VoicePost
from tsunagu.voice.reactables import VOICE_KIND

router = Router(tags=["voice"])

PHOTO_FIELD = "photo"
TRENDING_LIMIT = 10


# --- shapes -----------------------------------------------------------------------------------------


class VoicePhotoOut(Schema):
    url: str
    thumbnail_url: str
    width: int
    height: int


class VoiceOut(Schema):
    id: int
    author: MemberSummary
    text: str
    text_html: str
    audience: str
    # Only for the author, and only with the audience friend_group: groups are the author's alone.
    friend_group: int | None = None
    # The post a reply answers; null for a post.
    in_reply_to: int | None
    reply_count: int
    # Normalised (NFKC, case-folded), without the #, in the order the text names them.
    hashtags: list[str]
    photo: VoicePhotoOut | None
    iine: IineState
    created: str


class VoiceDetailOut(VoiceOut):
    # The replies the viewer may see, oldest first (always empty for a reply: replies are one level deep).
    replies: list[VoiceOut]


class VoicePage(Schema):
    items: list[VoiceOut]
    next_cursor: str | None


class HashtagPage(Schema):
    tag: str
    items: list[VoiceOut]
    next_cursor: str | None


class TrendingTag(Schema):
    tag: str
    posts: int


class Trending(Schema):
    window_hours: int
    items: list[TrendingTag]


class VoiceIn(Schema):
    # Any: the services check types themselves and answer with a message per field.
    model_config = ConfigDict(extra="forbid")

    text: Any
    audience: Any = None
    friend_group: Any = None
    in_reply_to: Any = None


# --- JSON -------------------------------------------------------------------------------------------


def _viewer(request: HttpRequest) -> policy.Viewer:
    return request.auth  # type: ignore[attr-defined]


def _me(request: HttpRequest) -> Member:
    return request.auth  # type: ignore[attr-defined]


def _photo_json(post: VoicePost) -> dict[str, Any] | None:
    if not post.photo:
        return None
    url = reverse("api:voice_photo", kwargs={"post_id": post.pk})
    return {
        "url": url,
        "thumbnail_url": f"{url}?size=thumbnail",
        "width": post.photo_width,
        "height": post.photo_height,
    }


def voice_json(post: VoicePost, *, viewer: policy.Viewer, iine: dict[str, Any]) -> dict[str, Any]:
    """A post or reply from `voice_items_json`'s preparation (author with profile, tags prefetched)."""
    data: dict[str, Any] = {
        "id": post.pk,
        "author": member_summary(post.author),
        "text": post.text,
        "text_html": post.text_html,
        "audience": post.audience,
    }
    if post.audience == Audience.FRIEND_GROUP and policy.is_member(viewer) and viewer.pk == post.author_id:
        data["friend_group"] = post.friend_group_id
    data.update(
        in_reply_to=post.in_reply_to_id,
        reply_count=post.reply_count,
        hashtags=[link.hashtag.name for link in post.tag_links.all()],
        photo=_photo_json(post),
        iine=iine,
        created=post.created_at.isoformat(),
    )
    return data


def voice_items_json(posts: Sequence[VoicePost], *, viewer: policy.Viewer) -> list[dict[str, Any]]:
    """Posts the viewer may see (from `selectors`, authors loaded) as JSON: three queries however many."""
    prefetch_related_objects(
        list(posts), Prefetch("tag_links", queryset=VoiceHashtag.objects.select_related("hashtag").order_by("pk"))
    )
    states = iine_states(viewer=viewer, kind=VOICE_KIND, item_ids=[post.pk for post in posts])
    return [voice_json(post, viewer=viewer, iine=states[post.pk]) for post in posts]


def _detail(viewer: policy.Viewer, post_id: Any) -> dict[str, Any]:
    post = selectors.post_for_viewer(viewer=viewer, post_id=post_id)
    replies = selectors.replies_for_viewer(viewer=viewer, post=post) if post.in_reply_to_id is None else []
    shown, *rest = voice_items_json([post, *replies], viewer=viewer)
    return {**shown, "replies": rest}


# --- posts ------------------------------------------------------------------------------------------


@router.post(
    "/voice",
    response={201: VoiceOut},
    exclude_unset=True,
    openapi_extra=openapi_body(VoiceIn, files_field=PHOTO_FIELD, most=1),
    summary="Post a voice, or reply to one (JSON, or a form with one file `photo`)",
)
def voice_post_create(request: HttpRequest) -> Status[dict[str, Any]]:
    me = _me(request)
    payload, photos = body_with_files(request, VoiceIn, files_field=PHOTO_FIELD, most=1)
    post = services.voice_post_create(
        author=me,
        text=payload.text,
        audience=payload.audience,
        friend_group=payload.friend_group,
        in_reply_to=payload.in_reply_to,
        photo=photos[0] if photos else None,
    )
    shown = selectors.post_for_viewer(viewer=me, post_id=post.pk)
    return Status(201, voice_items_json([shown], viewer=me)[0])


@router.get(
    "/voice/{post_id}",
    auth=ANYONE,
    response=VoiceDetailOut,
    exclude_unset=True,
    summary="A voice post with the replies the viewer may see, oldest first (leaves no footprint)",
)
def voice_post_detail(request: HttpRequest, post_id: int) -> dict[str, Any]:
    return _detail(_viewer(request), post_id)


@router.delete(
    "/voice/{post_id}",
    response={204: None},
    summary="Delete one's own post (with its replies) or reply, or a reply to one's post",
)
def voice_post_delete(request: HttpRequest, post_id: int) -> Status[None]:
    services.voice_post_delete(member=_me(request), post_id=post_id)
    return Status(204, None)


@router.get(
    "/members/{member_id}/voice",
    auth=ANYONE,
    response=VoicePage,
    exclude_unset=True,
    summary="A member's voice posts (not their replies) as the viewer may see them, newest first",
)
def voice_member_list(
    request: HttpRequest, member_id: int, cursor: str | None = None, limit: str | None = None
) -> dict[str, Any]:
    viewer = _viewer(request)
    size = limit_clean(limit)
    member = member_for_viewer(viewer=viewer, member_id=id_or_404(member_id))
    page = selectors.member_voice_page(viewer=viewer, member=member, cursor=cursor or None, limit=size)
    return {"items": voice_items_json(page.items, viewer=viewer), "next_cursor": page.next_cursor}


@router.get(
    "/voice/{post_id}/photo",
    auth=ANYONE,
    url_name="voice_photo",
    summary="A voice post's photo as JPEG bytes (size=full|thumbnail)",
    openapi_extra={"responses": {200: {"description": "JPEG", "content": {"image/jpeg": {}}}}},
)
def voice_photo(request: HttpRequest, post_id: int, size: Literal["full", "thumbnail"] = "full") -> FileResponse:
    post = selectors.post_for_viewer(viewer=_viewer(request), post_id=post_id)
    if not post.photo:
        raise Http404
    return photo_response(post.photo_thumbnail if size == "thumbnail" else post.photo)


# --- イイネ! ----------------------------------------------------------------------------------------


@router.get(
    "/voice/{post_id}/iine",
    auth=ANYONE,
    response=IineList,
    summary="Who said イイネ! to a voice post (those the viewer may see), newest first",
)
def voice_iine_list(
    request: HttpRequest, post_id: int, cursor: str | None = None, limit: str | None = None
) -> dict[str, Any]:
    viewer = _viewer(request)
    post = selectors.post_for_viewer(viewer=viewer, post_id=post_id)
    return iine_list(viewer=viewer, kind=VOICE_KIND, item_id=post.pk, cursor=cursor, limit=limit)


@router.post(
    "/voice/{post_id}/iine", response=IineState, summary="Say イイネ! to a voice post (a repeat changes nothing)"
)
def voice_iine_give(request: HttpRequest, post_id: int) -> dict[str, Any]:
    # The service fetches the post for the member first: NotFound when it is hidden.
    return iine_give(member=_me(request), kind=VOICE_KIND, item_id=post_id)


@router.delete(
    "/voice/{post_id}/iine", response=IineState, summary="Take back one's イイネ! (none given changes nothing)"
)
def voice_iine_take_back(request: HttpRequest, post_id: int) -> dict[str, Any]:
    return iine_take_back(member=_me(request), kind=VOICE_KIND, item_id=post_id)


# --- hashtags ---------------------------------------------------------------------------------------


# Before /hashtags/{tag}, so "trending" is not taken for a tag (the tag itself is found as /hashtags/%23trending).
@router.get(
    "/hashtags/trending",
    auth=ANYONE,
    response=Trending,
    summary="The most used hashtags of the last VOICE_TRENDING_HOURS, counted from public and members-only posts",
)
def hashtag_trending(request: HttpRequest, limit: str | None = None) -> dict[str, Any]:
    size = limit_clean(limit, default=TRENDING_LIMIT)
    rows = selectors.trending(viewer=_viewer(request), limit=size)
    return {
        "window_hours": settings.VOICE_TRENDING_HOURS,
        "items": [{"tag": tag, "posts": posts} for tag, posts in rows],
    }


@router.get(
    "/hashtags/{tag}",
    auth=ANYONE,
    response=HashtagPage,
    exclude_unset=True,
    summary="Posts and replies with a hashtag that the viewer may see, newest first (# or ＃, any width or case)",
)
def hashtag_posts(
    request: HttpRequest, tag: str, cursor: str | None = None, limit: str | None = None
) -> dict[str, Any]:
    viewer = _viewer(request)
    size = limit_clean(limit)
    name = selectors.tag_clean(tag)
    page = selectors.hashtag_page(viewer=viewer, tag=name, cursor=cursor or None, limit=size)
    return {"tag": name, "items": voice_items_json(page.items, viewer=viewer), "next_cursor": page.next_cursor}
