"""The demo network that `make run` loads."""

import re

import pytest
from django.core.management import call_command

from tsunagu.accounts.models import Member
from tsunagu.demo.members import DEMO_PASSWORD, MEMBERS
from tsunagu.profiles.models import Profile


@pytest.mark.django_db
def test_demo_loads_japanese_members_with_profiles_once(capsys):
    """At least 30 members with Japanese names and filled profiles; loading twice duplicates nothing."""
    call_command("demo")
    call_command("demo")
    assert Member.objects.count() == len(MEMBERS) >= 30
    assert Profile.objects.count() == len(MEMBERS)
    assert all(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", m.nickname) for m in Member.objects.all())
    assert Profile.objects.exclude(introduction="").exclude(current_prefecture="").exclude(
        birthday=None
    ).count() == len(MEMBERS)
    out = capsys.readouterr().out
    assert "yamada.taro@example.com" in out and DEMO_PASSWORD in out


@pytest.mark.django_db
def test_first_demo_member_is_the_operator_and_can_log_in(client):
    """The first demo member is an operator; demo members log in with the printed password."""
    call_command("demo")
    operator = Member.objects.get(email="yamada.taro@example.com")
    assert operator.is_staff and operator.is_superuser
    assert Member.objects.filter(is_staff=True).count() == 1
    response = client.post("/login/", {"username": "sato.hanako@example.com", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get("/").context["member"].email == "sato.hanako@example.com"
