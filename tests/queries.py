"""Query budgets every page test shares: what the frame of a signed-in page costs."""

# The navigation's unread counts on every signed-in page: お知らせ (one query for which kinds are unread,
# one to count those the member may see, skipped when nothing is unread) and メッセージ (one query).
NAV_BADGES = 3
# A signed-in page before its own queries: the session, the member, the friend requests waiting, the badges.
PAGE_FRAME = 3 + NAV_BADGES
