"""Friends (マイミク): requests, friendships, intros (紹介文), friend groups and blocks (アクセスブロック)."""
