"""Diary pages (日記): a member's diary and its monthly archive, entries with numbered comments, writing and editing.

Every entry, comment and photo is fetched through `diary.selectors` (404 when the viewer may not see
it, never 403); writes go through `diary.services`, whose errors become form errors or messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.accounts.models import Member
from tsunagu.core import policy
from tsunagu.core.audience import Audience
from tsunagu.core.errors import Invalid, NotFound, ServiceError
from tsunagu.core.forms import form_add_service_error
from tsunagu.core.photos import photo_response
from tsunagu.diary import selectors, services
from tsunagu.diary.forms import FORM_FIELD_NAMES, DiaryCommentForm, DiaryEntryForm
from tsunagu.diary.models import DiaryComment, DiaryEntry
from tsunagu.diary.reactables import COMMENT_KIND, ENTRY_KIND
from tsunagu.footprints.models import FootprintPage
from tsunagu.footprints.services import footprint_record
from tsunagu.friends.forms import audience_choices, audience_value
from tsunagu.profiles.selectors import avatar_url
from tsunagu.reactions.selectors import iine_counts, iine_given

COMMENTED_PER_PAGE = 20
LATEST_ON_PROFILE = 5


def _member(request: HttpRequest) -> Member:
    assert isinstance(request.user, Member)
    return request.user


def _entry_url(entry_id: int, anchor: str = "") -> str:
    return reverse("diary:entry", kwargs={"entry_id": entry_id}) + (f"#{anchor}" if anchor else "")


def _own_entry(request: HttpRequest, entry_id: int) -> DiaryEntry:
    """The signed-in member's own entry; 404 for anyone else's, as for one that does not exist."""
    visible = selectors.entry_for_viewer(viewer=request.user, entry_id=entry_id)
    if not visible.is_author:
        raise Http404
    return visible.entry


@dataclass(frozen=True)
class EntryRow:
    """An entry as listed: the entry and its イイネ! count."""

    entry: DiaryEntry
    iine_count: int


def _rows(viewer: policy.Viewer, entries: list[DiaryEntry]) -> list[EntryRow]:
    counts = iine_counts(viewer=viewer, kind=ENTRY_KIND, item_ids=[e.pk for e in entries]) if entries else {}
    return [EntryRow(entry, counts.get(entry.pk, 0)) for entry in entries]


def _months(viewer: policy.Viewer, author: Member) -> list[tuple[date, int]]:
    return selectors.months_with_entries(viewer=viewer, author=author)


# --- a member's diary -----------------------------------------------------------------------------------------


@login_required
def diary_mine(request: HttpRequest) -> HttpResponse:
    return redirect("diary:list", member_id=request.user.pk)


def diary_list(request: HttpRequest, member_id: int) -> HttpResponse:
    """A member's diary, newest first, a page at a time (`?cursor=`), with the months that have entries."""
    author, rel = selectors.diary_owner_for_viewer(viewer=request.user, member_id=member_id)
    cursor = request.GET.get("cursor") or None
    try:
        page = selectors.diary_page(viewer=request.user, author=author, cursor=cursor)
    except Invalid as error:
        context = {"author": author, "rows": [], "months": [], "cursor_error": error.message, "is_author": False}
        return render(request, "diary/list.html", context, status=400)
    footprint_record(owner=author, visitor=request.user, page=FootprintPage.DIARY_LIST, rel=rel)
    return render(
        request,
        "diary/list.html",
        {
            "author": author,
            "author_avatar": avatar_url(author.profile),
            "is_author": rel.is_owner,
            "rows": _rows(request.user, page.items),
            "next_cursor": page.next_cursor,
            "first_page": cursor is None,
            "months": _months(request.user, author),
        },
    )


def diary_month(request: HttpRequest, member_id: int, year: int, month: int) -> HttpResponse:
    """One month of a member's diary (in the viewer's time zone), oldest first like a paper diary."""
    author, rel = selectors.diary_owner_for_viewer(viewer=request.user, member_id=member_id)
    entries = selectors.month_entries(viewer=request.user, author=author, year=year, month=month)
    footprint_record(owner=author, visitor=request.user, page=FootprintPage.DIARY_LIST, rel=rel)
    return render(
        request,
        "diary/month.html",
        {
            "author": author,
            "author_avatar": avatar_url(author.profile),
            "is_author": rel.is_owner,
            "month": date(year, month, 1),
            "rows": _rows(request.user, entries),
            "months": _months(request.user, author),
        },
    )


def diary_latest(request: HttpRequest, member_id: int) -> HttpResponse:
    """The latest entries the viewer may see, as a fragment the profile page loads (htmx); leaves no footprint."""
    author, _rel = selectors.diary_owner_for_viewer(viewer=request.user, member_id=member_id)
    entries = selectors.latest_entries(viewer=request.user, author=author, limit=LATEST_ON_PROFILE)
    return render(request, "diary/_latest.html", {"author": author, "entries": entries})


# --- one entry ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CommentRow:
    """A comment as shown to the viewer: deleted and hidden ones keep their number but show nothing else."""

    comment: DiaryComment
    readable: bool
    avatar_url: str | None
    can_delete: bool
    iine_count: int
    iine_given: bool


def _audience_label(entry: DiaryEntry) -> str:
    """Who can see the entry, for its author (group names are theirs alone)."""
    value = audience_value(entry.audience, entry.friend_group_id)
    if entry.audience == Audience.FRIEND_GROUP:
        label = dict(audience_choices(entry.author)).get(value)
        return label or _("Only me (the friend group was deleted)")
    return str(Audience(entry.audience).label)


def _comment_rows(viewer: policy.Viewer, visible: selectors.VisibleEntry) -> list[CommentRow]:
    """Every comment by number, with what the viewer may read and do: a fixed number of queries however many."""
    comments = list(selectors.comments_for_viewer(viewer=viewer, entry=visible.entry))
    readable = {c.pk for c in comments if selectors.comment_readable(c)}
    counts = iine_counts(viewer=viewer, kind=COMMENT_KIND, item_ids=readable) if readable else {}
    given = iine_given(viewer=viewer, kind=COMMENT_KIND, item_ids=readable) if readable else set()
    is_member = policy.is_member(viewer)
    return [
        CommentRow(
            comment=comment,
            readable=comment.pk in readable,
            avatar_url=avatar_url(comment.author.profile) if comment.pk in readable and comment.author else None,
            # The entry's author may delete any comment on it, even one hidden from them.
            can_delete=is_member
            and not comment.is_deleted
            and (visible.is_author or (comment.author_id is not None and comment.author_id == viewer.pk)),
            iine_count=counts.get(comment.pk, 0),
            iine_given=comment.pk in given,
        )
        for comment in comments
    ]


def _entry_page(
    request: HttpRequest, visible: selectors.VisibleEntry, comment_form: DiaryCommentForm | None = None
) -> HttpResponse:
    """The entry page; a GET is a visit (footprint, comments read), a refused comment re-renders it with errors."""
    entry, viewer = visible.entry, request.user
    rows = _comment_rows(viewer, visible)
    previous, following = selectors.adjacent_entries(viewer=viewer, entry=entry)
    can_comment = policy.is_member(viewer) and entry.comments_open
    if request.method == "GET":
        footprint_record(owner=entry.author, visitor=viewer, page=FootprintPage.DIARY_ENTRY, rel=visible.relationship)
        services.comments_read(member=viewer, entry=entry)
    return render(
        request,
        "diary/entry.html",
        {
            "entry": entry,
            "is_author": visible.is_author,
            "author_avatar": avatar_url(entry.author.profile),
            "audience_label": _audience_label(entry) if visible.is_author else "",
            "photos": list(entry.photos.all()),
            "iine_count": iine_counts(viewer=viewer, kind=ENTRY_KIND, item_ids=[entry.pk]).get(entry.pk, 0),
            "iine_given": entry.pk in iine_given(viewer=viewer, kind=ENTRY_KIND, item_ids=[entry.pk]),
            "rows": rows,
            "previous": previous,
            "following": following,
            "can_comment": can_comment,
            "comment_form": (comment_form or DiaryCommentForm()) if can_comment else None,
            "entry_kind": ENTRY_KIND,
            "comment_kind": COMMENT_KIND,
        },
        status=400 if comment_form is not None and comment_form.errors else 200,
    )


def entry_detail(request: HttpRequest, entry_id: int) -> HttpResponse:
    return _entry_page(request, selectors.entry_for_viewer(viewer=request.user, entry_id=entry_id))


# --- writing, editing, deleting ------------------------------------------------------------------------------


@login_required
def entry_create(request: HttpRequest) -> HttpResponse:
    author = _member(request)
    form = DiaryEntryForm(request.POST or None, request.FILES or None, author=author)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.diary_entry_create(author=author, photos=form.photo_uploads(), **form.entry_fields())
        except ServiceError as error:
            form_add_service_error(form, error, FORM_FIELD_NAMES)
        else:
            messages.success(request, _("Your diary entry was posted."))
            return redirect(_entry_url(entry.pk))
    return render(request, "diary/form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def entry_edit(request: HttpRequest, entry_id: int) -> HttpResponse:
    """Edit one's own entry: text, audience, comments, and more photos (photos are removed one by one)."""
    author = _member(request)
    entry = _own_entry(request, entry_id)
    photos = list(entry.photos.all())
    form = DiaryEntryForm(request.POST or None, request.FILES or None, author=author, entry=entry, photos=len(photos))
    if request.method == "POST" and form.is_valid():
        uploads = form.photo_uploads()
        try:
            # One change: if the new photos are refused, the text is not changed either (their files are
            # cleaned up by the service; nothing runs after it that could fail).
            with transaction.atomic():
                services.diary_entry_update(author=author, entry_id=entry.pk, **form.entry_fields())
                if uploads:
                    services.diary_photos_add(author=author, entry_id=entry.pk, photos=uploads)
        except NotFound:
            raise Http404 from None
        except ServiceError as error:
            form_add_service_error(form, error, FORM_FIELD_NAMES)
        else:
            messages.success(request, _("Your diary entry was saved."))
            return redirect(_entry_url(entry.pk))
    return render(
        request,
        "diary/form.html",
        {"form": form, "entry": entry, "photos": photos},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def photo_delete(request: HttpRequest, entry_id: int, photo_id: int) -> HttpResponse:
    try:
        services.diary_photo_delete(author=_member(request), entry_id=entry_id, photo_id=photo_id)
    except NotFound:
        raise Http404 from None
    messages.success(request, _("The photo was removed."))
    return redirect("diary:edit", entry_id=entry_id)


@login_required
def entry_delete(request: HttpRequest, entry_id: int) -> HttpResponse:
    """Ask, then delete one's own entry with its comments and photos."""
    author = _member(request)
    entry = _own_entry(request, entry_id)
    if request.method == "POST":
        try:
            services.diary_entry_delete(author=author, entry_id=entry.pk)
        except NotFound:
            raise Http404 from None
        messages.success(request, _("The diary entry was deleted."))
        return redirect("diary:list", member_id=author.pk)
    return render(request, "diary/delete.html", {"entry": entry})


# --- comments -------------------------------------------------------------------------------------------------


@login_required
def comment_create(request: HttpRequest, entry_id: int) -> HttpResponse:
    """Post a comment. A GET (the address of a refused comment's page, reloaded or revisited) goes to the comments."""
    member = _member(request)
    visible = selectors.entry_for_viewer(viewer=member, entry_id=entry_id)
    if request.method != "POST":
        return redirect(_entry_url(visible.entry.pk, "comments"))
    form = DiaryCommentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            comment = services.diary_comment_create(
                author=member, entry_id=visible.entry.pk, body=form.cleaned_data["body"], photos=form.photo_uploads()
            )
        except NotFound:
            raise Http404 from None
        except ServiceError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("Your comment was posted."))
            return redirect(_entry_url(visible.entry.pk, f"comment-{comment.number}"))
    if not visible.entry.comments_open:
        # Closed while the member was writing: the page says so in place of the form.
        messages.error(request, _("Comments are closed for this entry."))
        return redirect(_entry_url(visible.entry.pk))
    return _entry_page(request, visible, form)


@login_required
@require_POST
def comment_delete(request: HttpRequest, entry_id: int, comment_id: int) -> HttpResponse:
    try:
        services.diary_comment_delete(member=_member(request), entry_id=entry_id, comment_id=comment_id)
    except NotFound:
        raise Http404 from None
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The comment was deleted."))
    return redirect(_entry_url(entry_id, "comments"))


# --- photos ---------------------------------------------------------------------------------------------------


def photo(request: HttpRequest, entry_id: int, photo_id: int) -> FileResponse:
    found = selectors.photo_for_viewer(viewer=request.user, entry_id=entry_id, photo_id=photo_id)
    return photo_response(found.image)


def photo_thumbnail(request: HttpRequest, entry_id: int, photo_id: int) -> FileResponse:
    found = selectors.photo_for_viewer(viewer=request.user, entry_id=entry_id, photo_id=photo_id)
    return photo_response(found.thumbnail)


# --- コメントした日記 ------------------------------------------------------------------------------------------------


@login_required
def commented(request: HttpRequest) -> HttpResponse:
    """The entries the member commented on, latest comment first, with how many new comments each has."""
    page = Paginator(selectors.commented_entries(member=_member(request)), COMMENTED_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "diary/commented.html", {"page": page})
