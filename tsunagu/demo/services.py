"""Loading the demo network; safe to run any number of times."""

from __future__ import annotations

import datetime

from django.contrib.auth.hashers import make_password
from django.db import transaction

from tsunagu.accounts.models import Member
from tsunagu.core.audience import Audience
from tsunagu.demo.members import DEMO_DOMAIN, DEMO_PASSWORD, MEMBERS
from tsunagu.profiles.services import profile_create, profile_update


def demo_email(local: str) -> str:
    return f"{local}@{DEMO_DOMAIN}"


@transaction.atomic
def demo_load() -> list[Member]:
    """Create the demo members that are missing (the first one is an operator) and return all of them."""
    password_hash = make_password(DEMO_PASSWORD)  # hashed once: Argon2 is deliberately slow
    members = []
    for index, (local, nickname, gender, birthday, lives, home, school, work, interests, intro) in enumerate(MEMBERS):
        member = Member.objects.filter(email=demo_email(local)).first()
        if member is None:
            member = Member.objects.create(
                email=demo_email(local),
                nickname=nickname,
                password=password_hash,
                is_staff=index == 0,
                is_superuser=index == 0,
            )
            profile_create(member=member)
            profile_update(
                member=member,
                introduction=intro,
                fields={
                    "gender": {"value": gender},
                    "birthday": {"value": datetime.date.fromisoformat(birthday)},
                    "current_prefecture": {"value": lives, "audience": Audience.MEMBERS},
                    "home_prefecture": {"value": home},
                    "school": {"value": school},
                    "workplace": {"value": work},
                    "interests": {"value": interests},
                },
            )
        members.append(member)
    return members
