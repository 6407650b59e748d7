"""Operators cannot read members' messages through the admin: no page of it shows a subject or a body."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from tests.messaging.helpers import send
from tsunagu.accounts.models import Member
from tsunagu.messaging.models import Message, MessageSending, MessageSettings

pytestmark = pytest.mark.django_db

SUBJECT = "極秘の相談ごと"
BODY = "誰にも言わないでほしいのですが、実は来月転職します。"


def test_no_admin_page_shows_a_message(member: Member, other: Member, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # the notification too
        message = send(member, other, subject=SUBJECT, body=BODY)
    operator = Member.objects.create_superuser("operator@example.com", "a-long-password-42", nickname="運営")
    client = Client()
    client.force_login(operator)

    for model in (Message, MessageSending, MessageSettings):
        assert model not in admin.site._registry
    assert client.get(f"/admin/messaging/message/{message.pk}/change/").status_code == 404
    assert client.get("/admin/messaging/message/").status_code == 404

    pages = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        if not opts.managed:  # django-rq's dashboard: a page about queues, not stored rows
            continue
        pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        if model_admin.has_add_permission(_request(operator)):
            pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        for pk in model.objects.values_list("pk", flat=True)[:50]:
            pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pk]))
    # The two members' own pages are among them (and would show anything inlined about their messages).
    assert reverse("admin:accounts_member_change", args=[member.pk]) in pages
    assert reverse("admin:accounts_member_change", args=[other.pk]) in pages
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        content = response.content.decode()
        assert SUBJECT not in content and BODY not in content, page


def _request(member: Member) -> Any:
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = member
    return request
