"""Query budgets every page test shares: what the frame of a signed-in page costs."""

# The navigation's unread counts on every signed-in page: お知らせ and メッセージ, one query each.
NAV_BADGES = 2
# A signed-in page before its own queries: the session, the member, the friend requests waiting, the badges.
PAGE_FRAME = 3 + NAV_BADGES
