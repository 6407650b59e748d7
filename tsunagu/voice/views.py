"""Voice pages (つぶやき): posting, a post with its replies, a member's voice, hashtag pages and trending tags.

Every post, reply and photo is fetched through `voice.selectors` (404 when the viewer may not see it, never
403); writes go through `voice.services`, whose errors become form errors. No voice page leaves a footprint.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from tsunagu.accounts.models import Member
from tsunagu.core import policy
from tsunagu.core.audience import Audience
from tsunagu.core.errors import Invalid, NotFound, ServiceError
from tsunagu.core.forms import form_add_service_error
from tsunagu.core.photos import photo_response
from tsunagu.friends.forms import audience_choices, audience_value
from tsunagu.friends.selectors import member_for_viewer
from tsunagu.profiles.selectors import avatar_url
from tsunagu.reactions.selectors import iine_counts, iine_given
from tsunagu.voice import selectors, services
from tsunagu.voice.forms import FORM_FIELD_NAMES, VoicePostForm, VoiceReplyForm
from tsunagu.voice.models import VoicePost
from tsunagu.voice.reactables import VOICE_KIND

PER_PAGE = 20
TRENDING_ON_PAGE = 30


def _member(request: HttpRequest) -> Member:
    assert isinstance(request.user, Member)
    return request.user


def _post_url(post: VoicePost) -> str:
    """Where a post or reply is read: replies are read on their post's page, at their place in the conversation."""
    if post.in_reply_to_id is not None:
        return reverse("voice:post", args=[post.in_reply_to_id]) + f"#reply-{post.pk}"
    return reverse("voice:post", args=[post.pk])


def _safe_next(request: HttpRequest) -> str:
    """The `next` the form sent, when it is a place on this site; else ""."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return target
    return ""


def _login_or_public(request: HttpRequest) -> HttpResponse | None:
    """Lists of posts by tag are for members, and for visitors only where the operator allows web-public content."""
    if policy.is_member(request.user) or policy.web_public_allowed():
        return None
    return redirect_to_login(request.get_full_path())


# --- posts as shown -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PostRow:
    """A post or reply as shown to the viewer, with its イイネ! and what the viewer may do with it."""

    post: VoicePost
    avatar_url: str | None
    iine_count: int
    iine_given: bool
    can_delete: bool


def post_rows(viewer: policy.Viewer, posts: list[VoicePost]) -> list[PostRow]:
    """Rows for posts fetched by a selector (authors' profiles joined): two queries for the イイネ! however many."""
    ids = [post.pk for post in posts]
    counts = iine_counts(viewer=viewer, kind=VOICE_KIND, item_ids=ids) if ids else {}
    given = iine_given(viewer=viewer, kind=VOICE_KIND, item_ids=ids) if ids else set()
    viewer_id = viewer.pk if policy.is_member(viewer) else None
    return [
        PostRow(
            post=post,
            avatar_url=avatar_url(post.author.profile),
            iine_count=counts.get(post.pk, 0),
            iine_given=post.pk in given,
            # The author deletes their post or reply; a post's author may also delete the replies to it.
            can_delete=viewer_id is not None and viewer_id in (post.author_id, post.root_author_id),
        )
        for post in posts
    ]


def _audience_label(post: VoicePost) -> str:
    """Who can see the post, for its author (group names are theirs alone)."""
    if post.audience == Audience.FRIEND_GROUP:
        label = dict(audience_choices(post.author)).get(audience_value(post.audience, post.friend_group_id))
        return label or _("Only me (the friend group was deleted)")
    return str(Audience(post.audience).label)


def _list_page(
    request: HttpRequest, template: str, context: dict[str, Any], fetch: Any, *, first_url: str
) -> HttpResponse:
    """A newest-first list of posts a page at a time (`?cursor=`); a cursor we did not hand out is a 400."""
    cursor = request.GET.get("cursor") or None
    try:
        page = fetch(cursor)
    except Invalid as error:
        context |= {"rows": [], "cursor_error": error.message, "first_url": first_url}
        return render(request, template, context, status=400)
    context |= {
        "rows": post_rows(request.user, page.items),
        "next_cursor": page.next_cursor,
        "first_page": cursor is None,
        "first_url": first_url,
        "next_url": request.get_full_path(),
    }
    return render(request, template, context)


# --- a member's voice -------------------------------------------------------------------------------------------


@login_required
def voice_mine(request: HttpRequest) -> HttpResponse:
    return redirect("voice:list", member_id=request.user.pk)


def member_voice(request: HttpRequest, member_id: int) -> HttpResponse:
    """A member's posts the viewer may see, newest first (their replies are read in the conversations)."""
    author = member_for_viewer(viewer=request.user, member_id=member_id)
    is_author = policy.is_member(request.user) and request.user.pk == author.pk
    context: dict[str, Any] = {
        "author": author,
        "author_avatar": avatar_url(author.profile),
        "is_author": is_author,
        "form": VoicePostForm(author=author) if is_author else None,
    }
    return _list_page(
        request,
        "voice/list.html",
        context,
        lambda cursor: selectors.member_voice_page(viewer=request.user, member=author, cursor=cursor, limit=PER_PAGE),
        first_url=reverse("voice:list", args=[author.pk]),
    )


# --- posting ------------------------------------------------------------------------------------------------------


@login_required
def post_create(request: HttpRequest) -> HttpResponse:
    """Post a voice. The boxes on the feed and one's voice page post here; a refused post comes back here with
    its errors, and a posted one goes back to where it was written (`next`) or to the post."""
    author = _member(request)
    form = VoicePostForm(request.POST or None, request.FILES or None, author=author)
    if request.method == "POST" and form.is_valid():
        try:
            post = services.voice_post_create(author=author, **form.post_fields())
        except ServiceError as error:
            form_add_service_error(form, error, FORM_FIELD_NAMES)
        else:
            messages.success(request, _("Your voice was posted."))
            return redirect(_safe_next(request) or _post_url(post))
    return render(
        request,
        "voice/form.html",
        {"form": form, "next": _safe_next(request)},
        status=400 if form.errors else 200,
    )


# --- one post and its replies ------------------------------------------------------------------------------------


def _post_page(request: HttpRequest, post: VoicePost, reply_form: VoiceReplyForm | None = None) -> HttpResponse:
    viewer = request.user
    replies = selectors.replies_for_viewer(viewer=viewer, post=post)
    rows = post_rows(viewer, [post, *replies])
    is_author = policy.is_member(viewer) and viewer.pk == post.author_id
    can_reply = policy.is_member(viewer)
    return render(
        request,
        "voice/post.html",
        {
            "row": rows[0],
            "post": post,
            "replies": rows[1:],
            "is_author": is_author,
            "audience_label": _audience_label(post) if is_author else "",
            "reply_form": (reply_form or VoiceReplyForm()) if can_reply else None,
            "voice_kind": VOICE_KIND,
        },
        status=400 if reply_form is not None and reply_form.errors else 200,
    )


def post_detail(request: HttpRequest, post_id: int) -> HttpResponse:
    """A post with its replies, oldest first. A reply's address leads to its place on its post's page."""
    post = selectors.post_for_viewer(viewer=request.user, post_id=post_id)
    if post.in_reply_to_id is not None:
        return redirect(_post_url(post))
    return _post_page(request, post)


@login_required
def reply_create(request: HttpRequest, post_id: int) -> HttpResponse:
    """Reply to a post. A GET (a refused reply's page, reloaded or revisited) goes to the replies."""
    member = _member(request)
    post = selectors.post_for_viewer(viewer=member, post_id=post_id)
    if post.in_reply_to_id is not None:
        post = selectors.post_for_viewer(viewer=member, post_id=post.in_reply_to_id)
    if request.method != "POST":
        return redirect(reverse("voice:post", args=[post.pk]) + "#replies")
    form = VoiceReplyForm(request.POST)
    if form.is_valid():
        try:
            reply = services.voice_post_create(author=member, text=form.cleaned_data["text"], in_reply_to=post.pk)
        except NotFound:
            raise Http404 from None
        except ServiceError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("Your reply was posted."))
            return redirect(_post_url(reply))
    return _post_page(request, post, form)


@login_required
def post_delete(request: HttpRequest, post_id: int) -> HttpResponse:
    """Ask, then delete: one's own post (with its replies) or reply, or a reply to one's post."""
    member = _member(request)
    post = selectors.post_for_viewer(viewer=member, post_id=post_id)
    if member.pk not in (post.author_id, post.root_author_id):
        raise Http404
    if request.method == "POST":
        try:
            services.voice_post_delete(member=member, post_id=post.pk)
        except NotFound:
            raise Http404 from None
        if post.in_reply_to_id is not None:
            messages.success(request, _("The reply was deleted."))
            return redirect(reverse("voice:post", args=[post.in_reply_to_id]) + "#replies")
        messages.success(request, _("The voice was deleted."))
        return redirect(_safe_next(request) or reverse("voice:list", args=[member.pk]))
    return render(request, "voice/delete.html", {"post": post, "next": _safe_next(request)})


# --- photos -------------------------------------------------------------------------------------------------------


def _photo_post(request: HttpRequest, post_id: int) -> VoicePost:
    post = selectors.post_for_viewer(viewer=request.user, post_id=post_id)
    if not post.photo:
        raise Http404
    return post


def photo(request: HttpRequest, post_id: int) -> FileResponse:
    return photo_response(_photo_post(request, post_id).photo)


def photo_thumbnail(request: HttpRequest, post_id: int) -> FileResponse:
    return photo_response(_photo_post(request, post_id).photo_thumbnail)


# --- @mentions ----------------------------------------------------------------------------------------------------


def mention(request: HttpRequest, handle: str) -> HttpResponse:
    """An @handle in a post leads to the member's profile. A handle that is unknown, closed, or of a member the
    viewer may not know of is the same 404, so the address never tells whether a handle exists."""
    member = Member.objects.filter(handle=handle.lower()).first()
    if member is None or not policy.can_see_member(request.user, member):
        raise Http404
    return redirect("profiles:detail", member_id=member.pk)


# --- hashtags -----------------------------------------------------------------------------------------------------


def trending(request: HttpRequest) -> HttpResponse:
    """Tags most used lately, counted from posts every member may see, so counts reveal no private post."""
    if (login := _login_or_public(request)) is not None:
        return login
    return render(
        request,
        "voice/trending.html",
        {
            "tags": selectors.trending(viewer=request.user, limit=TRENDING_ON_PAGE),
            "hours": settings.VOICE_TRENDING_HOURS,
        },
    )


def hashtag(request: HttpRequest, tag: str) -> HttpResponse:
    """Posts and replies with the tag that the viewer may see, newest first. ＃ＡＢＣ, #abc and ABC are one tag:
    any spelling redirects to the tag's one address."""
    canonical = selectors.tag_clean(tag)
    if canonical != tag:
        query = f"?{request.GET.urlencode()}" if request.GET else ""
        return redirect(reverse("voice:hashtag", args=[canonical]) + query)
    if (login := _login_or_public(request)) is not None:
        return login
    return _list_page(
        request,
        "voice/hashtag.html",
        {"tag": canonical},
        lambda cursor: selectors.hashtag_page(viewer=request.user, tag=canonical, cursor=cursor, limit=PER_PAGE),
        first_url=reverse("voice:hashtag", args=[canonical]),
    )
