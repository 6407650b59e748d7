"""Private messages (メッセージ): one member writes to another; each side keeps its own inbox, sent box and trash."""
