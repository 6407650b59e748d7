"""Topic and event pages (トピック・イベント): a community's topics and events, one topic with its numbered
comments, starting, editing and deleting, joining and leaving events, and who is going.

Every topic, comment, photo and participant is fetched through `communities.topic_selectors` (404 when the
viewer may not read it, never 403); writes go through `communities.topic_services`, whose errors become
form errors or messages. Everything works without JavaScript.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.accounts.models import Member
from tsunagu.communities import topic_selectors as selectors
from tsunagu.communities import topic_services as services
from tsunagu.communities.models import Topic, TopicComment
from tsunagu.communities.notification_targets import COMMENT_KIND, TOPIC_KIND
from tsunagu.communities.topic_forms import EventForm, TopicCommentForm, TopicForm
from tsunagu.core import policy
from tsunagu.core.errors import Invalid, NotFound, ServiceError
from tsunagu.core.forms import form_add_service_error
from tsunagu.core.photos import photo_response
from tsunagu.profiles.selectors import avatar_url
from tsunagu.reactions.selectors import iine_counts, iine_given

LATEST_ON_COMMUNITY = 5


def _member(request: HttpRequest) -> Member:
    assert isinstance(request.user, Member)
    return request.user


def _topic_url(topic_id: int, anchor: str = "") -> str:
    return reverse("communities:topic", kwargs={"topic_id": topic_id}) + (f"#{anchor}" if anchor else "")


def _list_name(topic: Topic) -> str:
    return "communities:event_list" if topic.is_event else "communities:topic_list"


# --- a community's topics and events --------------------------------------------------------------------------


def _topics_page(request: HttpRequest, community_id: int, *, events: bool) -> HttpResponse:
    found = selectors.community_topics_for_viewer(viewer=request.user, community_id=community_id)
    cursor = request.GET.get("cursor") or None
    context = {"found": found, "community": found.community, "events": events}
    try:
        page = selectors.topics_page(viewer=request.user, community=found.community, events=events, cursor=cursor)
    except Invalid as error:
        return render(
            request,
            "communities/topics/list.html",
            {**context, "topics": [], "cursor_error": error.message},
            status=400,
        )
    return render(
        request,
        "communities/topics/list.html",
        {**context, "topics": page.items, "next_cursor": page.next_cursor, "first_page": cursor is None},
    )


def topic_list(request: HttpRequest, community_id: int) -> HttpResponse:
    """The community's topics the viewer may read, latest activity first, a page at a time (`?cursor=`)."""
    return _topics_page(request, community_id, events=False)


def event_list(request: HttpRequest, community_id: int) -> HttpResponse:
    """The community's events the viewer may read, latest activity first, a page at a time (`?cursor=`)."""
    return _topics_page(request, community_id, events=True)


def topics_latest(request: HttpRequest, community_id: int) -> HttpResponse:
    """The latest topics and events, as a fragment the community page loads (htmx); for those who may not
    read the community's topics, a note saying only members may."""
    community = selectors.community_known(viewer=request.user, community_id=community_id)
    readable = selectors.community_topics_readable(viewer=request.user, community=community)
    topics = events = []
    if readable:
        topics = selectors.topics_page(
            viewer=request.user, community=community, events=False, limit=LATEST_ON_COMMUNITY
        ).items
        events = selectors.topics_page(
            viewer=request.user, community=community, events=True, limit=LATEST_ON_COMMUNITY
        ).items
    return render(
        request,
        "communities/topics/_latest.html",
        {"community": community, "readable": readable, "topics": topics, "events": events},
    )


# --- starting a topic or an event ------------------------------------------------------------------------------


def _start(request: HttpRequest, community_id: int, *, event: bool) -> HttpResponse:
    author = _member(request)
    found = selectors.community_topics_for_viewer(viewer=author, community_id=community_id)
    if not found.can_start:
        if found.is_member:
            messages.error(request, _("In this community only the admin and sub-admins start topics and events."))
        else:
            messages.error(request, _("Join the community to start topics and events."))
        return redirect("communities:event_list" if event else "communities:topic_list", community_id=community_id)
    form_class = EventForm if event else TopicForm
    form = form_class(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            create = services.event_create if event else services.topic_create
            topic = create(
                author=author, community_id=found.community.pk, photos=form.photo_uploads(), **form.topic_fields()
            )
        except ServiceError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("Your event was posted.") if event else _("Your topic was posted."))
            return redirect(_topic_url(topic.pk))
    return render(
        request,
        "communities/topics/form.html",
        {"form": form, "community": found.community, "event": event},
        status=400 if form.errors else 200,
    )


@login_required
def topic_create(request: HttpRequest, community_id: int) -> HttpResponse:
    return _start(request, community_id, event=False)


@login_required
def event_create(request: HttpRequest, community_id: int) -> HttpResponse:
    return _start(request, community_id, event=True)


# --- one topic -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CommentRow:
    """A comment as shown to the viewer: deleted and hidden ones keep their number but show nothing else."""

    comment: TopicComment
    readable: bool
    avatar_url: str | None
    can_delete: bool
    iine_count: int
    iine_given: bool


def _comment_rows(viewer: policy.Viewer, visible: selectors.VisibleTopic) -> list[CommentRow]:
    """Every comment by number, with what the viewer may read and do: a fixed number of queries however many."""
    comments = list(selectors.comments_for_viewer(viewer=viewer, topic=visible.topic))
    readable = {c.pk for c in comments if selectors.comment_readable(c)}
    counts = iine_counts(viewer=viewer, kind=COMMENT_KIND, item_ids=readable) if readable else {}
    given = iine_given(viewer=viewer, kind=COMMENT_KIND, item_ids=readable) if readable else set()
    return [
        CommentRow(
            comment=comment,
            readable=comment.pk in readable,
            avatar_url=avatar_url(comment.author.profile) if comment.pk in readable and comment.author else None,
            # Admins and sub-admins may delete any comment, even one hidden from them.
            can_delete=comment.deleted_at is None
            and (visible.is_moderator or (comment.author_id is not None and comment.author_id == viewer.pk)),
            iine_count=counts.get(comment.pk, 0),
            iine_given=comment.pk in given,
        )
        for comment in comments
    ]


@dataclass(frozen=True)
class SignUp:
    """An event's sign-up as the viewer sees it."""

    closes_at: datetime
    open: bool
    full: bool
    joined: bool


def sign_up_of(viewer: policy.Viewer, topic: Topic) -> SignUp:
    return SignUp(
        closes_at=selectors.sign_up_closes_at(topic),
        open=selectors.sign_up_open(topic),
        full=selectors.event_full(topic),
        joined=selectors.is_participant(viewer=viewer, topic=topic),
    )


def _topic_page(
    request: HttpRequest, visible: selectors.VisibleTopic, comment_form: TopicCommentForm | None = None
) -> HttpResponse:
    topic = visible.topic
    return render(
        request,
        "communities/topics/topic.html",
        {
            "topic": topic,
            "community": topic.community,
            "visible": visible,
            "author_avatar": avatar_url(topic.author.profile),
            "photos": list(topic.photos.all()),
            "sign_up": sign_up_of(request.user, topic) if topic.is_event else None,
            "rows": _comment_rows(request.user, visible),
            "iine_count": iine_counts(viewer=request.user, kind=TOPIC_KIND, item_ids=[topic.pk]).get(topic.pk, 0),
            "iine_given": topic.pk in iine_given(viewer=request.user, kind=TOPIC_KIND, item_ids=[topic.pk]),
            "topic_kind": TOPIC_KIND,
            "comment_kind": COMMENT_KIND,
            "comment_form": (comment_form or TopicCommentForm()) if visible.can_comment else None,
        },
        status=400 if comment_form is not None and comment_form.errors else 200,
    )


def topic_detail(request: HttpRequest, topic_id: int) -> HttpResponse:
    """A topic or event with its numbered comments and, for members, the comment form."""
    return _topic_page(request, selectors.topic_for_viewer(viewer=request.user, topic_id=topic_id))


# --- editing and deleting --------------------------------------------------------------------------------------


@login_required
def topic_edit(request: HttpRequest, topic_id: int) -> HttpResponse:
    """Edit one's own topic or event while still a member: text, event details, and more photos."""
    author = _member(request)
    visible = selectors.topic_for_viewer(viewer=author, topic_id=topic_id)
    if not visible.is_author:
        raise Http404
    topic = visible.topic
    if not visible.can_edit:
        messages.error(request, _("You can change your topics only while you are a member of the community."))
        return redirect(_topic_url(topic.pk))
    photos = list(topic.photos.all())
    form_class = EventForm if topic.is_event else TopicForm
    form = form_class(request.POST or None, request.FILES or None, topic=topic, photos=len(photos))
    if request.method == "POST" and form.is_valid():
        uploads = form.photo_uploads()
        try:
            # One change: if the new photos are refused, the text is not changed either.
            with transaction.atomic():
                services.topic_update(author=author, topic_id=topic.pk, **form.topic_fields())
                if uploads:
                    services.topic_photos_add(author=author, topic_id=topic.pk, photos=uploads)
        except NotFound:
            raise Http404 from None
        except ServiceError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(_topic_url(topic.pk))
    return render(
        request,
        "communities/topics/form.html",
        {"form": form, "community": topic.community, "event": topic.is_event, "topic": topic, "photos": photos},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def photo_delete(request: HttpRequest, topic_id: int, photo_id: int) -> HttpResponse:
    try:
        services.topic_photo_delete(author=_member(request), topic_id=topic_id, photo_id=photo_id)
    except NotFound:
        raise Http404 from None
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect(_topic_url(topic_id))
    messages.success(request, _("The photo was removed."))
    return redirect("communities:topic_edit", topic_id=topic_id)


@login_required
def topic_delete(request: HttpRequest, topic_id: int) -> HttpResponse:
    """Ask, then delete a topic or event: its author, or the community's admin and sub-admins."""
    member = _member(request)
    visible = selectors.topic_for_viewer(viewer=member, topic_id=topic_id)
    if not visible.can_delete:
        raise Http404
    topic = visible.topic
    if request.method == "POST":
        try:
            services.topic_delete(member=member, topic_id=topic.pk)
        except NotFound:
            raise Http404 from None
        messages.success(request, _("The event was deleted.") if topic.is_event else _("The topic was deleted."))
        return redirect(_list_name(topic), community_id=topic.community_id)
    return render(request, "communities/topics/delete.html", {"topic": topic, "community": topic.community})


# --- comments --------------------------------------------------------------------------------------------------


@login_required
def comment_create(request: HttpRequest, topic_id: int) -> HttpResponse:
    """Post a comment. A GET (a refused comment's address, reloaded) goes to the comments."""
    member = _member(request)
    visible = selectors.topic_for_viewer(viewer=member, topic_id=topic_id)
    if request.method != "POST":
        return redirect(_topic_url(visible.topic.pk, "comments"))
    if not visible.can_comment:
        messages.error(request, _("Only members of the community can comment."))
        return redirect(_topic_url(visible.topic.pk))
    form = TopicCommentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            comment = services.topic_comment_create(
                author=member, topic_id=visible.topic.pk, body=form.cleaned_data["body"], photos=form.photo_uploads()
            )
        except NotFound:
            raise Http404 from None
        except ServiceError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("Your comment was posted."))
            return redirect(_topic_url(visible.topic.pk, f"comment-{comment.number}"))
    return _topic_page(request, visible, form)


@login_required
@require_POST
def comment_delete(request: HttpRequest, topic_id: int, comment_id: int) -> HttpResponse:
    try:
        services.topic_comment_delete(member=_member(request), topic_id=topic_id, comment_id=comment_id)
    except NotFound:
        raise Http404 from None
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The comment was deleted."))
    return redirect(_topic_url(topic_id, "comments"))


# --- photos ----------------------------------------------------------------------------------------------------


def photo(request: HttpRequest, topic_id: int, photo_id: int) -> FileResponse:
    found = selectors.photo_for_viewer(viewer=request.user, topic_id=topic_id, photo_id=photo_id)
    return photo_response(found.image)


def photo_thumbnail(request: HttpRequest, topic_id: int, photo_id: int) -> FileResponse:
    found = selectors.photo_for_viewer(viewer=request.user, topic_id=topic_id, photo_id=photo_id)
    return photo_response(found.thumbnail)


# --- joining events --------------------------------------------------------------------------------------------


@login_required
@require_POST
def event_join(request: HttpRequest, topic_id: int) -> HttpResponse:
    try:
        services.event_join(member=_member(request), topic_id=topic_id)
    except NotFound:
        raise Http404 from None
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("You joined the event."))
    return redirect(_topic_url(topic_id))


@login_required
@require_POST
def event_leave(request: HttpRequest, topic_id: int) -> HttpResponse:
    try:
        services.event_leave(member=_member(request), topic_id=topic_id)
    except NotFound:
        raise Http404 from None
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("You are no longer going to the event."))
    return redirect(_topic_url(topic_id))


def participants(request: HttpRequest, topic_id: int) -> HttpResponse:
    """Who is going to an event (those the viewer may see), latest sign-up first, a page at a time."""
    visible = selectors.event_for_viewer(viewer=request.user, topic_id=topic_id)
    cursor = request.GET.get("cursor") or None
    try:
        page = selectors.participants_page(viewer=request.user, topic=visible.topic, cursor=cursor)
    except Invalid as error:
        context = {"topic": visible.topic, "community": visible.topic.community, "cursor_error": error.message}
        return render(request, "communities/topics/participants.html", {**context, "rows": []}, status=400)
    rows = [(row, avatar_url(row.member.profile)) for row in page.items]
    return render(
        request,
        "communities/topics/participants.html",
        {
            "topic": visible.topic,
            "community": visible.topic.community,
            "rows": rows,
            "next_cursor": page.next_cursor,
            "first_page": cursor is None,
        },
    )
