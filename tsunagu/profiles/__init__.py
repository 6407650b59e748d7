"""Profiles (プロフィール): nickname, avatar, self-introduction and fields with their own audiences."""
