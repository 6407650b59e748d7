"""The friendship graph in the operator's admin: read-mostly, for support and moderation."""

from django.contrib import admin

from tsunagu.friends.models import Block, FriendIntro, FriendRequest, Friendship


@admin.register(FriendRequest)
class FriendRequestAdmin(admin.ModelAdmin[FriendRequest]):
    list_display = ["sender", "recipient", "created_at", "declined_at"]
    raw_id_fields = ["sender", "recipient"]
    search_fields = ["sender__nickname", "recipient__nickname"]


@admin.register(Friendship)
class FriendshipAdmin(admin.ModelAdmin[Friendship]):
    list_display = ["member", "friend", "created_at"]
    raw_id_fields = ["member", "friend"]
    search_fields = ["member__nickname", "friend__nickname"]

    def has_add_permission(self, request: object) -> bool:
        return False  # friendships are made by both members, never by an operator

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin[Block]):
    list_display = ["blocker", "blocked", "created_at"]
    raw_id_fields = ["blocker", "blocked"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(FriendIntro)
class FriendIntroAdmin(admin.ModelAdmin[FriendIntro]):
    list_display = ["author", "subject", "hidden", "updated_at"]
    raw_id_fields = ["author", "subject"]


# Friend groups are not in the admin: their names and members are shown to their owner alone.
