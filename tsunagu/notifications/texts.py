"""How each kind of notification reads ("佐藤さん他3人があなたの日記「…」にイイネ!しました"), in the active language.

The actor's name comes with its honorific (さん in Japanese) from its own message, so that sentences
read naturally for "Aさん他3人" and for an account that has been closed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy, pgettext

from tsunagu.notifications.models import NotificationKind

if TYPE_CHECKING:
    from tsunagu.notifications.selectors import NotificationItem


def actor_name(item: NotificationItem) -> str:
    if item.actor is None:
        return pgettext("notification actor", "A former member")
    return pgettext("notification actor", "%(nickname)s") % {"nickname": item.actor.nickname}


# イイネ! by target kind: by one member, and by one with others ("count" others).
IINE_ONE = {
    "diary_entry": gettext_lazy("%(name)s liked your diary entry “%(title)s”."),
    "diary_comment": gettext_lazy("%(name)s liked your comment on “%(title)s”."),
    "voice": gettext_lazy("%(name)s liked your voice post."),
    "topic": gettext_lazy("%(name)s liked your topic “%(title)s”."),
    "topic_comment": gettext_lazy("%(name)s liked your comment on the topic “%(title)s”."),
}
IINE_MANY = {
    "diary_entry": ngettext_lazy(
        "%(name)s and %(count)d other liked your diary entry “%(title)s”.",
        "%(name)s and %(count)d others liked your diary entry “%(title)s”.",
        "count",
    ),
    "diary_comment": ngettext_lazy(
        "%(name)s and %(count)d other liked your comment on “%(title)s”.",
        "%(name)s and %(count)d others liked your comment on “%(title)s”.",
        "count",
    ),
    "voice": ngettext_lazy(
        "%(name)s and %(count)d other liked your voice post.",
        "%(name)s and %(count)d others liked your voice post.",
        "count",
    ),
    "topic": ngettext_lazy(
        "%(name)s and %(count)d other liked your topic “%(title)s”.",
        "%(name)s and %(count)d others liked your topic “%(title)s”.",
        "count",
    ),
    "topic_comment": ngettext_lazy(
        "%(name)s and %(count)d other liked your comment on the topic “%(title)s”.",
        "%(name)s and %(count)d others liked your comment on the topic “%(title)s”.",
        "count",
    ),
}
# Kinds of item that take イイネ! later (community topics…) read like this until they have their own.
IINE_ONE_OTHER = gettext_lazy("%(name)s liked your post.")
IINE_MANY_OTHER = ngettext_lazy(
    "%(name)s and %(count)d other liked your post.", "%(name)s and %(count)d others liked your post.", "count"
)


def _iine(item: NotificationItem, name: str) -> str:
    values = {"name": name, "count": item.others, "title": item.shown.title}
    target = item.notification.target_kind
    if item.others:
        return str(IINE_MANY.get(target, IINE_MANY_OTHER) % values)
    return str(IINE_ONE.get(target, IINE_ONE_OTHER) % values)


def sentence(item: NotificationItem) -> str:
    """What happened, as one sentence naming the actor."""
    name = actor_name(item)
    kind = item.kind
    if kind == NotificationKind.IINE:
        return _iine(item, name)
    if kind == NotificationKind.FRIEND_REQUEST:
        return _("%(name)s sent you a friend request.") % {"name": name}
    if kind == NotificationKind.FRIEND_ACCEPTED:
        return _("%(name)s accepted your friend request.") % {"name": name}
    if kind == NotificationKind.DIARY_COMMENT:
        return _("%(name)s commented on the diary entry “%(title)s”.") % {"name": name, "title": item.shown.title}
    if kind == NotificationKind.VOICE_REPLY:
        return _("%(name)s replied to your voice post.") % {"name": name}
    if kind == NotificationKind.MENTION:
        return _("%(name)s mentioned you in a voice post.") % {"name": name}
    if kind == NotificationKind.MESSAGE:
        return _("%(name)s sent you a message.") % {"name": name}
    if kind == NotificationKind.TOPIC_COMMENT:
        return _("%(name)s commented on the topic “%(title)s”.") % {"name": name, "title": item.shown.title}
    if kind == NotificationKind.EVENT_REMINDER:
        return _("Reminder: the event “%(title)s” by %(name)s is coming up.") % {
            "name": name,
            "title": item.shown.title,
        }
    # The last kind: NotificationKind.BIRTHDAY (only stored kinds are read).
    return _("Today is %(name)s’s birthday.") % {"name": name}
