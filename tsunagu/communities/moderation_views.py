"""Moderation pages: reporting a topic or comment (通報), the community's reports for its admin and sub-admins,
and writing to all members (一斉メッセージ).

Signed-in members only. A topic or comment the member cannot read is 404, like one that does not exist;
the reports and the message page are the admins' alone, 404 for everybody else. Writes go through
`communities.moderation`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.validators import MaxLengthValidator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tsunagu.accounts.models import Member
from tsunagu.communities import moderation, moderation_selectors, selectors, topic_selectors
from tsunagu.core.errors import Invalid, ServiceError
from tsunagu.core.forms import form_add_service_error
from tsunagu.messaging.models import BODY_MAX_LENGTH


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=moderation.REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("What is wrong with it? The community's admins and the operator will read this."),
    )


class CommunityMessageForm(forms.Form):
    subject = forms.CharField(label=gettext_lazy("Subject"))
    body = forms.CharField(label=gettext_lazy("Message"), max_length=BODY_MAX_LENGTH, widget=forms.Textarea)

    def __init__(self, *args: Any, subject_max_length: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        subject = self.fields["subject"]
        assert isinstance(subject, forms.CharField)
        subject.max_length = subject_max_length
        subject.validators.append(MaxLengthValidator(subject_max_length))
        subject.widget.attrs["maxlength"] = str(subject_max_length)


def _member(request: HttpRequest) -> Member:
    assert isinstance(request.user, Member)
    return request.user


def _reports_url(community_id: int, resolved: bool = False) -> str:
    url = reverse("community_moderation:reports", kwargs={"community_id": community_id})
    return f"{url}?state=resolved" if resolved else url


# --- reporting ---------------------------------------------------------------------------------------------


def _report(request: HttpRequest, topic_id: int, comment_id: int | None) -> HttpResponse:
    reporter = _member(request)
    visible = topic_selectors.topic_for_viewer(viewer=reporter, topic_id=topic_id)
    comment = None
    if comment_id is not None:
        comment = (
            topic_selectors.comments_for_viewer(viewer=reporter, topic=visible.topic).filter(pk=comment_id).first()
        )
        if comment is None or not topic_selectors.comment_readable(comment):
            raise Http404
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            moderation.report_create(
                reporter=reporter, topic_id=topic_id, comment_id=comment_id, reason=form.cleaned_data["reason"]
            )
        except ServiceError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("Thank you. The community's admins and the operator will look at it."))
            anchor = f"#comment-{comment.number}" if comment else ""
            return redirect(reverse("communities:topic", kwargs={"topic_id": topic_id}) + anchor)
    return render(
        request,
        "communities/moderation/report.html",
        {"topic": visible.topic, "comment": comment, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def report_topic(request: HttpRequest, topic_id: int) -> HttpResponse:
    """Report a topic or event one can read."""
    return _report(request, topic_id, None)


@login_required
def report_comment(request: HttpRequest, topic_id: int, comment_id: int) -> HttpResponse:
    """Report a comment one can read."""
    return _report(request, topic_id, comment_id)


# --- the admins' list ----------------------------------------------------------------------------------------


@login_required
def reports(request: HttpRequest, community_id: int) -> HttpResponse:
    """The community's open reports (or, `?state=resolved`, the handled ones), newest first."""
    resolved = request.GET.get("state") == "resolved"
    context: dict[str, Any] = {"resolved": resolved}
    try:
        viewed, page = moderation_selectors.reports_page(
            viewer=request.user, community_id=community_id, resolved=resolved, cursor=request.GET.get("cursor") or None
        )
    except Invalid as error:
        viewed = selectors.moderator_view(viewer=request.user, community_id=community_id)
        context |= {"community": viewed.community, "rows": [], "cursor_error": error.message}
        return render(request, "communities/moderation/reports.html", context, status=400)
    next_url = None
    if page.next_cursor:
        next_url = _reports_url(community_id, resolved) + ("&" if resolved else "?") + f"cursor={page.next_cursor}"
    return render(
        request,
        "communities/moderation/reports.html",
        context | {"community": viewed.community, "rows": page.items, "next_url": next_url},
    )


def _report_action(request: HttpRequest, report_id: int, action: Any, done: str) -> HttpResponse:
    member = _member(request)
    try:
        report = moderation.report_for_moderator(member, report_id)
    except ServiceError:
        raise Http404 from None
    try:
        action(moderator=member, report_id=report_id)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect(_reports_url(report.community_id, resolved=request.POST.get("state") == "resolved"))


@login_required
@require_POST
def report_resolve(request: HttpRequest, report_id: int) -> HttpResponse:
    return _report_action(request, report_id, moderation.report_resolve, _("The report is marked as handled."))


@login_required
@require_POST
def report_reopen(request: HttpRequest, report_id: int) -> HttpResponse:
    return _report_action(request, report_id, moderation.report_reopen, _("The report is open again."))


@login_required
@require_POST
def report_item_delete(request: HttpRequest, report_id: int) -> HttpResponse:
    return _report_action(request, report_id, moderation.reported_item_delete, _("The reported item was deleted."))


# --- writing to all members -------------------------------------------------------------------------------


@login_required
def community_message(request: HttpRequest, community_id: int) -> HttpResponse:
    """The admin or a sub-admin writes to every member; the page shows what was sent in the last 24 hours."""
    sender = _member(request)
    community = selectors.moderator_view(viewer=sender, community_id=community_id).community
    form = CommunityMessageForm(request.POST or None, subject_max_length=moderation.subject_max_length(community))
    if request.method == "POST" and form.is_valid():
        try:
            moderation.community_message_send(
                sender=sender,
                community_id=community.pk,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
            )
        except ServiceError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("Your message is on its way to every member of the community."))
            return redirect("communities:detail", community_id=community.pk)
    sent = moderation_selectors.recent_messages(community_id=community.pk)
    return render(
        request,
        "communities/moderation/message.html",
        {
            "community": community,
            "form": form,
            "sent": sent,
            "left": max(moderation.MESSAGES_PER_DAY - len(sent), 0),
            "per_day": moderation.MESSAGES_PER_DAY,
        },
        status=400 if form.errors else 200,
    )
