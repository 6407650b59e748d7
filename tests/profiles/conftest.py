"""Fixtures for the account tests."""

from __future__ import annotations

import pytest
from django.test import Client

from tsunagu.accounts.models import Member
from tsunagu.accounts.services import member_settings_update


@pytest.fixture
def en_client(member_client: Client, member: Member) -> Client:
    """`member_client` for a member who reads the site in English."""
    member_settings_update(member=member, language="en", timezone_name="Asia/Tokyo")
    return member_client
