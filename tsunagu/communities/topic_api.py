"""Topic and event endpoints (トピック・イベント): a community's topics and events, numbered comments, photos,
joining and leaving events and who is going, each read through the policy.

Reads go through `communities.topic_selectors`, writes through `communities.topic_services`. A topic, event,
comment, photo or participant list the viewer may not read answers 404, exactly like one that does not
exist; one the viewer reads but may not change answers 403. Times are ISO 8601 with their UTC offset (a time
without one is refused with 422). Starting a topic or event, or commenting, takes JSON, or a form (multipart)
with the same fields plus up to three files `photos`.
"""

from __future__ import annotations

from typing import Any, Literal, TypeVar

from django.db.models import Prefetch, prefetch_related_objects
from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import ConfigDict

from tsunagu.accounts.models import Member
from tsunagu.communities import topic_selectors as selectors
from tsunagu.communities import topic_services as services
from tsunagu.communities.models import Community, Participation, Topic, TopicComment, TopicPhoto
from tsunagu.communities.notification_targets import COMMENT_KIND, TOPIC_KIND
from tsunagu.communities.reactables import comment_for_viewer
from tsunagu.core import policy
from tsunagu.core.api_auth import ANYONE
from tsunagu.core.api_input import body_with_files, openapi_body
from tsunagu.core.errors import Forbidden
from tsunagu.core.pagination import limit_clean
from tsunagu.core.photos import PHOTOS_PER_ITEM, photo_response
from tsunagu.friends.api import MemberSummary
from tsunagu.profiles.api import member_summary
from tsunagu.reactions.api import IineList, IineState, iine_give, iine_list, iine_state, iine_states, iine_take_back

router = Router(tags=["community topics and events"])

S = TypeVar("S", bound=Schema)

PHOTOS_FIELD = "photos"


# --- shapes -----------------------------------------------------------------------------------------


class PhotoOut(Schema):
    id: int
    width: int
    height: int
    url: str
    thumbnail_url: str


class CommunityRef(Schema):
    id: int
    name: str


class TopicOut(Schema):
    """A topic, or an event (`kind: "event"`) with its event fields; a plain topic has none of them."""

    id: int
    kind: Literal["topic", "event"]
    community: CommunityRef
    author: MemberSummary
    title: str
    body: str
    body_html: str
    photos: list[PhotoOut]
    comment_count: int
    iine: IineState
    created_at: str
    updated_at: str
    last_activity_at: str
    starts_at: str | None = None
    place: str | None = None
    deadline: str | None = None
    capacity: int | None = None
    participant_count: int | None = None
    # The first instant at which joining is refused: a day after the deadline, or after `starts_at`.
    sign_up_closes_at: str | None = None
    sign_up_open: bool | None = None
    full: bool | None = None
    joined: bool | None = None


class TopicPage(Schema):
    items: list[TopicOut]
    next_cursor: str | None


class CommentOut(Schema):
    """A comment; a deleted one is `{id, number, deleted: true}`, one hidden from the viewer `{id, number, hidden: true}`."""

    id: int
    number: int
    deleted: bool = False
    hidden: bool = False
    author: MemberSummary | None = None
    body: str | None = None
    body_html: str | None = None
    photos: list[PhotoOut] | None = None
    iine: IineState | None = None
    created_at: str | None = None


class CommentList(Schema):
    items: list[CommentOut]


class ParticipantOut(Schema):
    member: MemberSummary
    joined_at: str


class ParticipantPage(Schema):
    items: list[ParticipantOut]
    next_cursor: str | None


class TopicIn(Schema):
    # Any: the services check types themselves and answer with a message per field.
    model_config = ConfigDict(extra="forbid")

    title: Any
    body: Any


class EventIn(Schema):
    model_config = ConfigDict(extra="forbid")

    title: Any
    body: Any
    place: Any
    starts_at: Any
    deadline: Any = None
    capacity: Any = None


class TopicChange(Schema):
    """The parts to change (only the keys given); `deadline` and `capacity` may be null to remove them."""

    model_config = ConfigDict(extra="forbid")

    title: Any = None
    body: Any = None
    place: Any = None
    starts_at: Any = None
    deadline: Any = None
    capacity: Any = None


class CommentIn(Schema):
    model_config = ConfigDict(extra="forbid")

    body: Any


class PhotosIn(Schema):
    model_config = ConfigDict(extra="forbid")


# --- reading a request ------------------------------------------------------------------------------


def _viewer(request: HttpRequest) -> policy.Viewer:
    return request.auth  # type: ignore[attr-defined]


def _me(request: HttpRequest) -> Member:
    return request.auth  # type: ignore[attr-defined]


def _body(request: HttpRequest, schema: type[S]) -> tuple[S, list[bytes]]:
    """The request's fields checked against `schema`, from JSON or from a form, and the photos' bytes (forms only)."""
    return body_with_files(request, schema, files_field=PHOTOS_FIELD, most=PHOTOS_PER_ITEM)


# --- JSON -------------------------------------------------------------------------------------------


def _photo_json(photo: TopicPhoto) -> dict[str, Any]:
    url = reverse("api:topic_photo", kwargs={"topic_id": photo.topic_id, "photo_id": photo.pk})
    return {
        "id": photo.pk,
        "width": photo.width,
        "height": photo.height,
        "url": url,
        "thumbnail_url": f"{url}?size=thumbnail",
    }


def _topic_json(topic: Topic, *, community: Community, joined: bool, iine: dict[str, Any]) -> dict[str, Any]:
    """A topic from `topic_selectors` (author, profile and photos loaded)."""
    data: dict[str, Any] = {
        "id": topic.pk,
        "kind": "event" if topic.is_event else "topic",
        "community": {"id": community.pk, "name": community.name},
        "author": member_summary(topic.author),
        "title": topic.title,
        "body": topic.body,
        "body_html": topic.body_html,
        "photos": [_photo_json(photo) for photo in topic.photos.all()],
        "comment_count": topic.comment_count,
        "iine": iine,
        "created_at": topic.created_at.isoformat(),
        "updated_at": topic.updated_at.isoformat(),
        "last_activity_at": topic.last_activity_at.isoformat(),
    }
    if topic.starts_at is not None:
        data.update(
            starts_at=topic.starts_at.isoformat(),
            place=topic.place,
            deadline=topic.deadline.isoformat() if topic.deadline else None,
            capacity=topic.capacity,
            participant_count=topic.participant_count,
            sign_up_closes_at=selectors.sign_up_closes_at(topic).isoformat(),
            sign_up_open=selectors.sign_up_open(topic),
            full=selectors.event_full(topic),
            joined=joined,
        )
    return data


def _topic_out(viewer: policy.Viewer, topic_id: Any) -> dict[str, Any]:
    """A topic as the viewer reads it (fetched again through the selector, so after a write it is current)."""
    topic = selectors.topic_for_viewer(viewer=viewer, topic_id=topic_id).topic
    joined = topic.is_event and selectors.is_participant(viewer=viewer, topic=topic)
    iine = iine_state(viewer=viewer, kind=TOPIC_KIND, item_id=topic.pk)
    return _topic_json(topic, community=topic.community, joined=joined, iine=iine)


def _topics_json(viewer: policy.Viewer, community: Community, topics: list[Topic]) -> list[dict[str, Any]]:
    """Topics of one page: which events the viewer has joined is one query for the page."""
    events = [topic.pk for topic in topics if topic.is_event]
    joined = (
        set(Participation.objects.filter(topic_id__in=events, member_id=viewer.pk).values_list("topic_id", flat=True))
        if events and policy.is_member(viewer) and viewer.pk is not None
        else set()
    )
    states = iine_states(viewer=viewer, kind=TOPIC_KIND, item_ids=[topic.pk for topic in topics])
    return [
        _topic_json(topic, community=community, joined=topic.pk in joined, iine=states[topic.pk]) for topic in topics
    ]


def _comment_json(comment: TopicComment, *, iine: dict[str, Any] | None) -> dict[str, Any]:
    """A comment from `topic_selectors.comments_for_viewer`; deleted and hidden ones show their number alone."""
    if comment.deleted_at is not None:
        return {"id": comment.pk, "number": comment.number, "deleted": True}
    if not selectors.comment_readable(comment) or comment.author is None:
        return {"id": comment.pk, "number": comment.number, "hidden": True}
    return {
        "id": comment.pk,
        "number": comment.number,
        "deleted": False,
        "hidden": False,
        "author": member_summary(comment.author),
        "body": comment.body,
        "body_html": comment.body_html,
        "photos": [_photo_json(photo) for photo in comment.photos.all()],
        "iine": iine or {"count": 0, "given": False},
        "created_at": comment.created_at.isoformat(),
    }


def _page(
    request: HttpRequest, community_id: int, *, events: bool, cursor: str | None, limit: str | None
) -> dict[str, Any]:
    viewer = _viewer(request)
    size = limit_clean(limit)
    found = selectors.community_topics_for_viewer(viewer=viewer, community_id=community_id)
    page = selectors.topics_page(viewer=viewer, community=found.community, events=events, cursor=cursor, limit=size)
    prefetch_related_objects(page.items, Prefetch("photos", queryset=TopicPhoto.objects.filter(comment__isnull=True)))
    return {"items": _topics_json(viewer, found.community, page.items), "next_cursor": page.next_cursor}


# --- topics and events ------------------------------------------------------------------------------


@router.post(
    "/communities/{community_id}/topics",
    response={201: TopicOut},
    exclude_unset=True,
    openapi_extra=openapi_body(TopicIn, files_field=PHOTOS_FIELD, most=PHOTOS_PER_ITEM),
    summary="Start a topic (JSON, or a form with up to three files `photos`); members, or admins where the community says so",
)
def topic_create(request: HttpRequest, community_id: int) -> Status[dict[str, Any]]:
    me = _me(request)
    payload, photos = _body(request, TopicIn)
    topic = services.topic_create(
        author=me, community_id=community_id, title=payload.title, body=payload.body, photos=photos
    )
    return Status(201, _topic_out(me, topic.pk))


@router.get(
    "/communities/{community_id}/topics",
    auth=ANYONE,
    response=TopicPage,
    exclude_unset=True,
    summary="A community's topics the viewer may read, latest activity first, a page at a time",
)
def topic_list(
    request: HttpRequest, community_id: int, cursor: str | None = None, limit: str | None = None
) -> dict[str, Any]:
    return _page(request, community_id, events=False, cursor=cursor or None, limit=limit)


@router.post(
    "/communities/{community_id}/events",
    response={201: TopicOut},
    exclude_unset=True,
    openapi_extra=openapi_body(EventIn, files_field=PHOTOS_FIELD, most=PHOTOS_PER_ITEM),
    summary="Create an event (ISO 8601 times with offset; deadline and capacity optional); the organiser joins it",
)
def event_create(request: HttpRequest, community_id: int) -> Status[dict[str, Any]]:
    me = _me(request)
    payload, photos = _body(request, EventIn)
    topic = services.event_create(
        author=me,
        community_id=community_id,
        title=payload.title,
        body=payload.body,
        place=payload.place,
        starts_at=payload.starts_at,
        deadline=payload.deadline,
        capacity=payload.capacity,
        photos=photos,
    )
    return Status(201, _topic_out(me, topic.pk))


@router.get(
    "/communities/{community_id}/events",
    auth=ANYONE,
    response=TopicPage,
    exclude_unset=True,
    summary="A community's events the viewer may read, latest activity first, a page at a time",
)
def event_list(
    request: HttpRequest, community_id: int, cursor: str | None = None, limit: str | None = None
) -> dict[str, Any]:
    return _page(request, community_id, events=True, cursor=cursor or None, limit=limit)


@router.get(
    "/topics/{topic_id}",
    auth=ANYONE,
    response=TopicOut,
    exclude_unset=True,
    summary="A topic or event",
)
def topic_detail(request: HttpRequest, topic_id: int) -> dict[str, Any]:
    return _topic_out(_viewer(request), topic_id)


@router.patch(
    "/topics/{topic_id}",
    response=TopicOut,
    exclude_unset=True,
    summary="Change one's own topic or event while a member (only the keys given; null removes deadline or capacity)",
)
def topic_update(request: HttpRequest, topic_id: int, payload: TopicChange) -> dict[str, Any]:
    me = _me(request)
    visible = selectors.topic_for_viewer(viewer=me, topic_id=topic_id)
    if not visible.is_author:
        raise Forbidden(_("Only the author of a topic can change it."))
    given = payload.model_fields_set
    # An explicit null is not "leave it" for a required part: it asks to empty it, which the service refuses.
    change = {
        name: "" if name in given and getattr(payload, name) is None else getattr(payload, name)
        for name in ("title", "body", "place", "starts_at")
    }
    optional = {name: getattr(payload, name) for name in ("deadline", "capacity") if name in given}
    services.topic_update(author=me, topic_id=visible.topic.pk, **change, **optional)
    return _topic_out(me, visible.topic.pk)


@router.delete(
    "/topics/{topic_id}",
    response={204: None},
    summary="Delete a topic or event with its comments and photos (its author, or the community's admins)",
)
def topic_delete(request: HttpRequest, topic_id: int) -> Status[None]:
    services.topic_delete(member=_me(request), topic_id=topic_id)
    return Status(204, None)


# --- comments ---------------------------------------------------------------------------------------


@router.get(
    "/topics/{topic_id}/comments",
    auth=ANYONE,
    response=CommentList,
    exclude_unset=True,
    summary="A topic's comments by number; deleted and hidden ones keep their number",
)
def topic_comment_list(request: HttpRequest, topic_id: int) -> dict[str, Any]:
    viewer = _viewer(request)
    topic = selectors.topic_for_viewer(viewer=viewer, topic_id=topic_id).topic
    comments = list(selectors.comments_for_viewer(viewer=viewer, topic=topic))
    readable = [comment.pk for comment in comments if selectors.comment_readable(comment)]
    states = iine_states(viewer=viewer, kind=COMMENT_KIND, item_ids=readable)
    return {"items": [_comment_json(comment, iine=states.get(comment.pk)) for comment in comments]}


@router.post(
    "/topics/{topic_id}/comments",
    response={201: CommentOut},
    exclude_unset=True,
    openapi_extra=openapi_body(CommentIn, files_field=PHOTOS_FIELD, most=PHOTOS_PER_ITEM),
    summary="Comment on a topic or event as a member (JSON, or a form with up to three files `photos`)",
)
def topic_comment_create(request: HttpRequest, topic_id: int) -> Status[dict[str, Any]]:
    me = _me(request)
    payload, photos = _body(request, CommentIn)
    comment = services.topic_comment_create(author=me, topic_id=topic_id, body=payload.body, photos=photos)
    shown = selectors.comments_for_viewer(viewer=me, topic=comment.topic).get(pk=comment.pk)
    return Status(201, _comment_json(shown, iine={"count": 0, "given": False}))


@router.delete(
    "/topics/{topic_id}/comments/{comment_id}",
    response={204: None},
    summary="Delete a comment (its author, or the community's admins); it keeps its number",
)
def topic_comment_delete(request: HttpRequest, topic_id: int, comment_id: int) -> Status[None]:
    services.topic_comment_delete(member=_me(request), topic_id=topic_id, comment_id=comment_id)
    return Status(204, None)


# --- photos -----------------------------------------------------------------------------------------


@router.post(
    "/topics/{topic_id}/photos",
    response={201: list[PhotoOut]},
    openapi_extra=openapi_body(PhotosIn, files_field=PHOTOS_FIELD, most=PHOTOS_PER_ITEM, json_too=False),
    summary="Add photos to one's own topic (form files `photos`; at most three per topic in all)",
)
def topic_photos_add(request: HttpRequest, topic_id: int) -> Status[list[dict[str, Any]]]:
    _payload, photos = _body(request, PhotosIn)
    added = services.topic_photos_add(author=_me(request), topic_id=topic_id, photos=photos)
    return Status(201, [_photo_json(photo) for photo in added])


@router.delete(
    "/topics/{topic_id}/photos/{photo_id}", response={204: None}, summary="Remove a photo from one's own topic"
)
def topic_photo_delete(request: HttpRequest, topic_id: int, photo_id: int) -> Status[None]:
    services.topic_photo_delete(author=_me(request), topic_id=topic_id, photo_id=photo_id)
    return Status(204, None)


@router.get(
    "/topics/{topic_id}/photos/{photo_id}",
    auth=ANYONE,
    url_name="topic_photo",
    summary="A photo of a topic or of one of its comments, as JPEG bytes (size=full|thumbnail)",
    openapi_extra={"responses": {200: {"description": "JPEG", "content": {"image/jpeg": {}}}}},
)
def topic_photo(
    request: HttpRequest, topic_id: int, photo_id: int, size: Literal["full", "thumbnail"] = "full"
) -> FileResponse:
    photo = selectors.photo_for_viewer(viewer=_viewer(request), topic_id=topic_id, photo_id=photo_id)
    return photo_response(photo.thumbnail if size == "thumbnail" else photo.image)


# --- joining events ---------------------------------------------------------------------------------


@router.post(
    "/events/{topic_id}/join",
    response=TopicOut,
    exclude_unset=True,
    summary="Join an event as a member (409 `closed` after sign-up closes, 409 `full`); joining again changes nothing",
)
def event_join(request: HttpRequest, topic_id: int) -> dict[str, Any]:
    me = _me(request)
    topic = services.event_join(member=me, topic_id=topic_id)
    return _topic_out(me, topic.pk)


@router.post(
    "/events/{topic_id}/leave",
    response=TopicOut,
    exclude_unset=True,
    summary="Leave an event while sign-up is open (409 `closed` after); leaving one not joined changes nothing",
)
def event_leave(request: HttpRequest, topic_id: int) -> dict[str, Any]:
    me = _me(request)
    topic = services.event_leave(member=me, topic_id=topic_id)
    return _topic_out(me, topic.pk)


@router.get(
    "/events/{topic_id}/participants",
    auth=ANYONE,
    response=ParticipantPage,
    summary="Who is going to an event (those the viewer may see), latest sign-up first, a page at a time",
)
def event_participants(
    request: HttpRequest, topic_id: int, cursor: str | None = None, limit: str | None = None
) -> dict[str, Any]:
    viewer = _viewer(request)
    size = limit_clean(limit)
    topic = selectors.event_for_viewer(viewer=viewer, topic_id=topic_id).topic
    page = selectors.participants_page(viewer=viewer, topic=topic, cursor=cursor or None, limit=size)
    return {
        "items": [
            {"member": member_summary(row.member), "joined_at": row.created_at.isoformat()} for row in page.items
        ],
        "next_cursor": page.next_cursor,
    }


# --- イイネ! ----------------------------------------------------------------------------------------


def _comment_of(viewer: policy.Viewer, topic_id: int, comment_id: int) -> TopicComment:
    """A comment the viewer may read, of the topic in the path; 404 otherwise."""
    comment = comment_for_viewer(viewer, comment_id)
    if comment.topic_id != topic_id:
        raise Http404
    return comment


@router.get(
    "/topics/{topic_id}/iine",
    auth=ANYONE,
    response=IineList,
    summary="Who said イイネ! to a topic or event (those the viewer may see), newest first",
)
def topic_iine_list(
    request: HttpRequest, topic_id: int, cursor: str | None = None, limit: str | None = None
) -> dict[str, Any]:
    viewer = _viewer(request)
    topic = selectors.topic_for_viewer(viewer=viewer, topic_id=topic_id).topic
    return iine_list(viewer=viewer, kind=TOPIC_KIND, item_id=topic.pk, cursor=cursor, limit=limit)


@router.post("/topics/{topic_id}/iine", response=IineState, summary="Say イイネ! to a topic (a repeat changes nothing)")
def topic_iine_give(request: HttpRequest, topic_id: int) -> dict[str, Any]:
    return iine_give(member=_me(request), kind=TOPIC_KIND, item_id=topic_id)


@router.delete("/topics/{topic_id}/iine", response=IineState, summary="Take back one's イイネ! on a topic")
def topic_iine_take_back(request: HttpRequest, topic_id: int) -> dict[str, Any]:
    return iine_take_back(member=_me(request), kind=TOPIC_KIND, item_id=topic_id)


@router.get(
    "/topics/{topic_id}/comments/{comment_id}/iine",
    auth=ANYONE,
    response=IineList,
    summary="Who said イイネ! to a topic comment (those the viewer may see), newest first",
)
def topic_comment_iine_list(
    request: HttpRequest, topic_id: int, comment_id: int, cursor: str | None = None, limit: str | None = None
) -> dict[str, Any]:
    viewer = _viewer(request)
    comment = _comment_of(viewer, topic_id, comment_id)
    return iine_list(viewer=viewer, kind=COMMENT_KIND, item_id=comment.pk, cursor=cursor, limit=limit)


@router.post(
    "/topics/{topic_id}/comments/{comment_id}/iine",
    response=IineState,
    summary="Say イイネ! to a topic comment (a repeat changes nothing)",
)
def topic_comment_iine_give(request: HttpRequest, topic_id: int, comment_id: int) -> dict[str, Any]:
    comment = _comment_of(_me(request), topic_id, comment_id)
    return iine_give(member=_me(request), kind=COMMENT_KIND, item_id=comment.pk)


@router.delete(
    "/topics/{topic_id}/comments/{comment_id}/iine",
    response=IineState,
    summary="Take back one's イイネ! on a topic comment",
)
def topic_comment_iine_take_back(request: HttpRequest, topic_id: int, comment_id: int) -> dict[str, Any]:
    comment = _comment_of(_me(request), topic_id, comment_id)
    return iine_take_back(member=_me(request), kind=COMMENT_KIND, item_id=comment.pk)
