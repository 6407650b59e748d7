"""Friend endpoints: requests, friends, blocks, friend groups and intros."""

from ninja import Router

router = Router(tags=["friends"])
