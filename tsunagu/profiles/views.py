"""Profile pages: a member's profile as the viewer may see it, and editing one's own."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.accounts.models import Member
from tsunagu.communities.selectors import can_see_communities
from tsunagu.core.errors import ServiceError
from tsunagu.core.forms import form_add_service_error
from tsunagu.footprints.models import FootprintPage
from tsunagu.footprints.services import footprint_record
from tsunagu.friends import selectors as friend_selectors
from tsunagu.friends.forms import FriendRequestForm, IntroForm
from tsunagu.profiles import services
from tsunagu.profiles.fields import FIELDS
from tsunagu.profiles.forms import AvatarForm, ProfileForm
from tsunagu.profiles.models import Profile
from tsunagu.profiles.selectors import avatar_url, profile_for_viewer

# Service error keys like "fields.birthday.value" → the form's field names.
FORM_FIELD_NAMES = {
    **{f"fields.{spec.name}.value": spec.name for spec in FIELDS},
    **{f"fields.{spec.name}.audience": spec.audience_attr for spec in FIELDS},
    "fields.birthday.year_audience": "birth_year_audience",
    "friend_list.audience": "friend_list_audience",
    "communities.audience": "communities_audience",
}


def profile_detail(request: HttpRequest, member_id: int) -> HttpResponse:
    visible = profile_for_viewer(viewer=request.user, member_id=member_id)
    friends = friend_selectors.profile_friends(viewer=request.user, member=visible.member, rel=visible.relationship)
    footprint_record(owner=visible.member, visitor=request.user, page=FootprintPage.PROFILE, rel=visible.relationship)
    own_intro = friends.own_intro
    return render(
        request,
        "profiles/detail.html",
        {
            "visible": visible,
            "friends": friends,
            "mutual_more": friends.mutual_count - len(friends.mutual),
            "request_form": FriendRequestForm(),
            "intro_form": IntroForm(initial={"body": own_intro.body}) if own_intro else IntroForm(),
            "communities_visible": can_see_communities(request.user, visible.member, visible.relationship),
        },
    )


@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    member = request.user
    assert isinstance(member, Member)
    profile = Profile.objects.select_related("member").get(member=member)
    form = ProfileForm(request.POST or None, profile=profile)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_update(member=member, **form.changes())
        except ServiceError as error:
            form_add_service_error(form, error, FORM_FIELD_NAMES)
        else:
            messages.success(request, _("Your profile was saved."))
            return redirect("profiles:detail", member_id=member.pk)
    return render(
        request,
        "profiles/edit.html",
        {"form": form, "avatar_form": AvatarForm(), "avatar_url": avatar_url(profile)},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def avatar_upload(request: HttpRequest) -> HttpResponse:
    member = request.user
    assert isinstance(member, Member)
    form = AvatarForm(request.POST, request.FILES)
    # An empty file fails the form; the service explains that better ("The file is empty.").
    upload = form.cleaned_data["avatar"] if form.is_valid() else request.FILES.get("avatar")
    if upload is not None:
        try:
            services.avatar_set(member=member, data=upload.read(settings.AVATAR_MAX_UPLOAD_BYTES + 1))
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your avatar was changed."))
    else:
        messages.error(request, _("Choose an image file to upload."))
    return redirect("profiles:edit")


@login_required
@require_POST
def avatar_remove(request: HttpRequest) -> HttpResponse:
    member = request.user
    assert isinstance(member, Member)
    services.avatar_remove(member=member)
    messages.success(request, _("Your avatar was removed."))
    return redirect("profiles:edit")
