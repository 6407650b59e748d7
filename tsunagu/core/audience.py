"""Audiences (公開範囲): who may see a piece of content, as listed in DESIGN.md §2."""

from django.db import models
from django.utils.translation import pgettext_lazy


class Audience(models.TextChoices):
    PUBLIC = "public", pgettext_lazy("audience", "Everyone (web public)")
    MEMBERS = "members", pgettext_lazy("audience", "All members")
    FRIENDS_OF_FRIENDS = "friends_of_friends", pgettext_lazy("audience", "Friends of friends")
    FRIENDS = "friends", pgettext_lazy("audience", "Friends")
    FRIEND_GROUP = "friend_group", pgettext_lazy("audience", "A friend group")
    ONLY_ME = "only_me", pgettext_lazy("audience", "Only me")
    COMMUNITY = "community", pgettext_lazy("audience", "Community members")


# Audiences a member can pick for their own profile and posts (community is set by context).
PERSONAL_AUDIENCES = [a for a in Audience if a is not Audience.COMMUNITY]
