"""Diary endpoints (日記): entries, numbered comments, photos and イイネ!, each read through the policy.

Reads go through `tsunagu.diary.selectors`, writes through `tsunagu.diary.services`. An entry, comment or
photo the viewer may not see answers 404, exactly like one that does not exist; one the viewer sees but
may not change answers 403. Creating an entry or a comment takes JSON, or a form (multipart) with the same
fields plus up to three files `photos`.
"""

from __future__ import annotations

from typing import Any, Literal, TypeVar

from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import ConfigDict

from tsunagu.accounts.models import Member
from tsunagu.core import policy
from tsunagu.core.api_auth import ANYONE
from tsunagu.core.api_input import body_with_files, openapi_body
from tsunagu.core.audience import Audience
from tsunagu.core.errors import Forbidden
from tsunagu.core.pagination import limit_clean
from tsunagu.core.photos import PHOTOS_PER_ITEM, photo_response
from tsunagu.diary import reactables, selectors, services
from tsunagu.diary.models import DiaryComment, DiaryEntry, DiaryPhoto
from tsunagu.diary.reactables import COMMENT_KIND, ENTRY_KIND
from tsunagu.footprints.models import FootprintPage
from tsunagu.footprints.services import footprint_record
from tsunagu.friends.api import MemberSummary
from tsunagu.profiles.api import member_summary
from tsunagu.reactions.api import IineList, IineState, iine_give, iine_list, iine_state, iine_states, iine_take_back

router = Router(tags=["diary"])

S = TypeVar("S", bound=Schema)

PHOTOS_FIELD = "photos"
FORM_TRUE = {"true", "1", "on", "yes"}
FORM_FALSE = {"false", "0", "off", "no"}


# --- shapes -----------------------------------------------------------------------------------------


class PhotoOut(Schema):
    id: int
    width: int
    height: int
    url: str
    thumbnail_url: str


class EntryOut(Schema):
    id: int
    author: MemberSummary
    title: str
    body: str
    body_html: str
    audience: str
    # Only for the author, and only with the audience friend_group: groups are the author's alone.
    friend_group: int | None = None
    comments_open: bool
    comment_count: int
    iine: IineState
    photos: list[PhotoOut]
    created_at: str
    updated_at: str


class EntryDetailOut(EntryOut):
    previous_id: int | None
    next_id: int | None


class EntryPage(Schema):
    items: list[EntryOut]
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


class EntryIn(Schema):
    # Any: the services check types themselves and answer with a message per field.
    model_config = ConfigDict(extra="forbid")

    title: Any
    body: Any
    audience: Any
    friend_group: Any = None
    comments_open: Any = True


class EntryChange(Schema):
    model_config = ConfigDict(extra="forbid")

    title: Any = None
    body: Any = None
    audience: Any = None
    friend_group: Any = None
    comments_open: Any = None


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


def _form_value(name: str, value: str) -> Any:
    """A form field as the JSON value it stands for (forms carry only text)."""
    if name == "comments_open" and value.strip().lower() in FORM_TRUE | FORM_FALSE:
        return value.strip().lower() in FORM_TRUE
    return value


def _body(request: HttpRequest, schema: type[S]) -> tuple[S, list[bytes]]:
    """The request's fields checked against `schema`, from JSON or from a form, and the photos' bytes (forms only)."""
    return body_with_files(request, schema, files_field=PHOTOS_FIELD, most=PHOTOS_PER_ITEM, form_value=_form_value)


# --- JSON -------------------------------------------------------------------------------------------


def _photo_json(photo: DiaryPhoto) -> dict[str, Any]:
    url = reverse("api:diary_photo", kwargs={"entry_id": photo.entry_id, "photo_id": photo.pk})
    return {
        "id": photo.pk,
        "width": photo.width,
        "height": photo.height,
        "url": url,
        "thumbnail_url": f"{url}?size=thumbnail",
    }


def _entry_json(entry: DiaryEntry, *, viewer: policy.Viewer, iine: dict[str, Any]) -> dict[str, Any]:
    """An entry from `selectors` (author, profile and photos loaded)."""
    data: dict[str, Any] = {
        "id": entry.pk,
        "author": member_summary(entry.author),
        "title": entry.title,
        "body": entry.body,
        "body_html": entry.body_html,
        "audience": entry.audience,
    }
    if entry.audience == Audience.FRIEND_GROUP and policy.is_member(viewer) and viewer.pk == entry.author_id:
        data["friend_group"] = entry.friend_group_id
    data.update(
        comments_open=entry.comments_open,
        comment_count=entry.comment_count,
        iine=iine,
        photos=[_photo_json(photo) for photo in entry.photos.all()],
        created_at=entry.created_at.isoformat(),
        updated_at=entry.updated_at.isoformat(),
    )
    return data


def _comment_json(comment: DiaryComment, *, iine: dict[str, Any] | None) -> dict[str, Any]:
    """A comment from `selectors.comments_for_viewer`; deleted and hidden ones show their number alone."""
    if comment.is_deleted:
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


def _entry_out(viewer: policy.Viewer, entry_id: Any) -> dict[str, Any]:
    """An entry as the viewer sees it right after a write (fetched again through the selector)."""
    entry = selectors.entry_for_viewer(viewer=viewer, entry_id=entry_id).entry
    return _entry_json(entry, viewer=viewer, iine=iine_state(viewer=viewer, kind=ENTRY_KIND, item_id=entry.pk))


def _authored(request: HttpRequest, entry_id: Any) -> selectors.VisibleEntry:
    """One's own entry; 404 when the viewer may not see it, 403 when they see it but did not write it."""
    visible = selectors.entry_for_viewer(viewer=_me(request), entry_id=entry_id)
    if not visible.is_author:
        raise Forbidden(_("Only the author of a diary entry can change it."))
    return visible


def _comment_of(viewer: policy.Viewer, entry_id: int, comment_id: int) -> DiaryComment:
    """A comment the viewer may read, of the entry in the path; 404 otherwise."""
    comment = reactables.comment_for_viewer(viewer, comment_id)
    if comment.entry_id != entry_id:
        raise Http404
    return comment


# --- entries ----------------------------------------------------------------------------------------


@router.post(
    "/diary",
    response={201: EntryOut},
    exclude_unset=True,
    openapi_extra=openapi_body(EntryIn, files_field=PHOTOS_FIELD, most=PHOTOS_PER_ITEM),
    summary="Write a diary entry (JSON, or a form with up to three files `photos`)",
)
def diary_entry_create(request: HttpRequest) -> Status[dict[str, Any]]:
    me = _me(request)
    payload, photos = _body(request, EntryIn)
    entry = services.diary_entry_create(
        author=me,
        title=payload.title,
        body=payload.body,
        audience=payload.audience,
        friend_group=payload.friend_group,
        comments_open=payload.comments_open,
        photos=photos,
    )
    return Status(201, _entry_out(me, entry.pk))


@router.get(
    "/diary/{entry_id}",
    auth=ANYONE,
    response=EntryDetailOut,
    exclude_unset=True,
    summary="A diary entry, with the ids of the author's previous and next entries the viewer may see",
)
def diary_entry_detail(request: HttpRequest, entry_id: int) -> dict[str, Any]:
    viewer = _viewer(request)
    visible = selectors.entry_for_viewer(viewer=viewer, entry_id=entry_id)
    entry = visible.entry
    previous, following = selectors.adjacent_entries(viewer=viewer, entry=entry)
    data = _entry_json(entry, viewer=viewer, iine=iine_state(viewer=viewer, kind=ENTRY_KIND, item_id=entry.pk))
    data.update(
        previous_id=previous.pk if previous else None,
        next_id=following.pk if following else None,
    )
    footprint_record(owner=entry.author, visitor=viewer, page=FootprintPage.DIARY_ENTRY, rel=visible.relationship)
    return data


@router.patch(
    "/diary/{entry_id}", response=EntryOut, exclude_unset=True, summary="Change one's own entry (only the keys given)"
)
def diary_entry_update(request: HttpRequest, entry_id: int, payload: EntryChange) -> dict[str, Any]:
    me = _me(request)
    _authored(request, entry_id)
    given = payload.model_fields_set
    # An explicit null is not "leave it": it asks to empty a required part, which the service refuses with its message.
    change = {
        name: "" if name in given and getattr(payload, name) is None else getattr(payload, name)
        for name in ("title", "body", "audience", "comments_open")
    }
    services.diary_entry_update(author=me, entry_id=entry_id, friend_group=payload.friend_group, **change)
    return _entry_out(me, entry_id)


@router.delete(
    "/diary/{entry_id}",
    response={204: None},
    summary="Delete one's own entry with its comments, photos and イイネ!",
)
def diary_entry_delete(request: HttpRequest, entry_id: int) -> Status[None]:
    _authored(request, entry_id)
    services.diary_entry_delete(author=_me(request), entry_id=entry_id)
    return Status(204, None)


@router.get(
    "/members/{member_id}/diary",
    auth=ANYONE,
    response=EntryPage,
    exclude_unset=True,
    summary="A member's diary as the viewer may see it, newest first, a page at a time",
)
def diary_entry_list(
    request: HttpRequest, member_id: int, cursor: str | None = None, limit: str | None = None
) -> dict[str, Any]:
    viewer = _viewer(request)
    size = limit_clean(limit)
    # A key too large for the database would overflow the query (a 500): it names nobody.
    owner, rel = selectors.diary_owner_for_viewer(viewer=viewer, member_id=selectors.id_or_404(member_id))
    page = selectors.diary_page(viewer=viewer, author=owner, cursor=cursor or None, limit=size)
    states = iine_states(viewer=viewer, kind=ENTRY_KIND, item_ids=[entry.pk for entry in page.items])
    footprint_record(owner=owner, visitor=viewer, page=FootprintPage.DIARY_LIST, rel=rel)
    return {
        "items": [_entry_json(entry, viewer=viewer, iine=states[entry.pk]) for entry in page.items],
        "next_cursor": page.next_cursor,
    }


# --- comments ---------------------------------------------------------------------------------------


@router.get(
    "/diary/{entry_id}/comments",
    auth=ANYONE,
    response=CommentList,
    exclude_unset=True,
    summary="An entry's comments by number (marks them read); deleted and hidden ones keep their number",
)
def diary_comment_list(request: HttpRequest, entry_id: int) -> dict[str, Any]:
    viewer = _viewer(request)
    entry = selectors.entry_for_viewer(viewer=viewer, entry_id=entry_id).entry
    comments = list(selectors.comments_for_viewer(viewer=viewer, entry=entry))
    readable = [comment.pk for comment in comments if selectors.comment_readable(comment)]
    states = iine_states(viewer=viewer, kind=COMMENT_KIND, item_ids=readable)
    services.comments_read(member=viewer, entry=entry)
    return {"items": [_comment_json(comment, iine=states.get(comment.pk)) for comment in comments]}


@router.post(
    "/diary/{entry_id}/comments",
    response={201: CommentOut},
    exclude_unset=True,
    openapi_extra=openapi_body(CommentIn, files_field=PHOTOS_FIELD, most=PHOTOS_PER_ITEM),
    summary="Comment on an entry (JSON, or a form with up to three files `photos`)",
)
def diary_comment_create(request: HttpRequest, entry_id: int) -> Status[dict[str, Any]]:
    me = _me(request)
    payload, photos = _body(request, CommentIn)
    comment = services.diary_comment_create(author=me, entry_id=entry_id, body=payload.body, photos=photos)
    shown = selectors.comments_for_viewer(viewer=me, entry=comment.entry).get(pk=comment.pk)
    return Status(201, _comment_json(shown, iine={"count": 0, "given": False}))


@router.delete(
    "/diary/{entry_id}/comments/{comment_id}",
    response={204: None},
    summary="Delete a comment (its author or the entry's author); it keeps its number",
)
def diary_comment_delete(request: HttpRequest, entry_id: int, comment_id: int) -> Status[None]:
    services.diary_comment_delete(member=_me(request), entry_id=entry_id, comment_id=comment_id)
    return Status(204, None)


# --- イイネ! ----------------------------------------------------------------------------------------


@router.get(
    "/diary/{entry_id}/iine",
    auth=ANYONE,
    response=IineList,
    summary="Who said イイネ! to an entry (those the viewer may see), newest first",
)
def diary_entry_iine_list(
    request: HttpRequest, entry_id: int, cursor: str | None = None, limit: str | None = None
) -> dict[str, Any]:
    viewer = _viewer(request)
    entry = selectors.entry_for_viewer(viewer=viewer, entry_id=entry_id).entry
    return iine_list(viewer=viewer, kind=ENTRY_KIND, item_id=entry.pk, cursor=cursor, limit=limit)


@router.post("/diary/{entry_id}/iine", response=IineState, summary="Say イイネ! to an entry (a repeat changes nothing)")
def diary_entry_iine_give(request: HttpRequest, entry_id: int) -> dict[str, Any]:
    # The service fetches the entry for the member first: NotFound when it is hidden.
    return iine_give(member=_me(request), kind=ENTRY_KIND, item_id=entry_id)


@router.delete(
    "/diary/{entry_id}/iine", response=IineState, summary="Take back one's イイネ! (none given changes nothing)"
)
def diary_entry_iine_take_back(request: HttpRequest, entry_id: int) -> dict[str, Any]:
    return iine_take_back(member=_me(request), kind=ENTRY_KIND, item_id=entry_id)


@router.get(
    "/diary/{entry_id}/comments/{comment_id}/iine",
    auth=ANYONE,
    response=IineList,
    summary="Who said イイネ! to a comment (those the viewer may see), newest first",
)
def diary_comment_iine_list(
    request: HttpRequest, entry_id: int, comment_id: int, cursor: str | None = None, limit: str | None = None
) -> dict[str, Any]:
    viewer = _viewer(request)
    comment = _comment_of(viewer, entry_id, comment_id)
    return iine_list(viewer=viewer, kind=COMMENT_KIND, item_id=comment.pk, cursor=cursor, limit=limit)


@router.post(
    "/diary/{entry_id}/comments/{comment_id}/iine",
    response=IineState,
    summary="Say イイネ! to a comment (a repeat changes nothing)",
)
def diary_comment_iine_give(request: HttpRequest, entry_id: int, comment_id: int) -> dict[str, Any]:
    comment = _comment_of(_me(request), entry_id, comment_id)
    return iine_give(member=_me(request), kind=COMMENT_KIND, item_id=comment.pk)


@router.delete(
    "/diary/{entry_id}/comments/{comment_id}/iine",
    response=IineState,
    summary="Take back one's イイネ! on a comment (none given changes nothing)",
)
def diary_comment_iine_take_back(request: HttpRequest, entry_id: int, comment_id: int) -> dict[str, Any]:
    comment = _comment_of(_me(request), entry_id, comment_id)
    return iine_take_back(member=_me(request), kind=COMMENT_KIND, item_id=comment.pk)


# --- photos -----------------------------------------------------------------------------------------


@router.post(
    "/diary/{entry_id}/photos",
    response={201: list[PhotoOut]},
    openapi_extra=openapi_body(PhotosIn, files_field=PHOTOS_FIELD, most=PHOTOS_PER_ITEM, json_too=False),
    summary="Add photos to one's own entry (form files `photos`; at most three per entry in all)",
)
def diary_photos_add(request: HttpRequest, entry_id: int) -> Status[list[dict[str, Any]]]:
    _authored(request, entry_id)
    _payload, photos = _body(request, PhotosIn)
    added = services.diary_photos_add(author=_me(request), entry_id=entry_id, photos=photos)
    return Status(201, [_photo_json(photo) for photo in added])


@router.delete(
    "/diary/{entry_id}/photos/{photo_id}", response={204: None}, summary="Remove a photo from one's own entry"
)
def diary_photo_delete(request: HttpRequest, entry_id: int, photo_id: int) -> Status[None]:
    _authored(request, entry_id)
    services.diary_photo_delete(author=_me(request), entry_id=entry_id, photo_id=photo_id)
    return Status(204, None)


@router.get(
    "/diary/{entry_id}/photos/{photo_id}",
    auth=ANYONE,
    url_name="diary_photo",
    summary="A photo of an entry or of one of its comments, as JPEG bytes (size=full|thumbnail)",
    openapi_extra={"responses": {200: {"description": "JPEG", "content": {"image/jpeg": {}}}}},
)
def diary_photo(
    request: HttpRequest, entry_id: int, photo_id: int, size: Literal["full", "thumbnail"] = "full"
) -> FileResponse:
    photo = selectors.photo_for_viewer(viewer=_viewer(request), entry_id=entry_id, photo_id=photo_id)
    return photo_response(photo.thumbnail if size == "thumbnail" else photo.image)
