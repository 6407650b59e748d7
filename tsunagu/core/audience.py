"""Audiences (公開範囲): who may see a piece of content, as listed in DESIGN.md §2."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    PUBLIC = "public", _("Everyone (web public)")
    MEMBERS = "members", _("All members")
    FRIENDS_OF_FRIENDS = "friends_of_friends", _("Friends of friends")
    FRIENDS = "friends", _("Friends")
    FRIEND_GROUP = "friend_group", _("A friend group")
    ONLY_ME = "only_me", _("Only me")
    COMMUNITY = "community", _("Community members")


# Audiences a member can pick for their own profile and posts (community is set by context).
PERSONAL_AUDIENCES = [a for a in Audience if a is not Audience.COMMUNITY]
