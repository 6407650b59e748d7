"""E-mail to members, rendered in the recipient's language and sent by a task after commit."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from tsunagu.core.tasks import send_email


def mail_enqueue(*, to: str, language: str, template: str, context: dict[str, Any]) -> None:
    """Render `<template>_subject.txt` and `<template>_body.txt` in `language`; send on commit."""
    context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
    transaction.on_commit(lambda: send_email.enqueue(to=[to], subject=subject, body=body))
