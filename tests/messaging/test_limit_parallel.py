"""The sending limit holds under parallel sending, against PostgreSQL (`production`): a member's sends queue on their
row, so eight at once with room for five store exactly five and refuse three.

Threads in the test process, each on its own connection, in a `transaction=True` test so the row locks are real.
(On the embedded shape SQLite's IMMEDIATE transactions serialise every write anyway.)
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from tsunagu.accounts.models import Member
from tsunagu.core.errors import TooManyRequests
from tsunagu.messaging import services
from tsunagu.messaging.models import Message, MessageSending

pytestmark = [pytest.mark.production, pytest.mark.django_db(transaction=True)]

THREADS = 8
LIMIT = 5


def test_parallel_sends_cannot_slip_past_the_limit(
    make_member: Callable[..., Member], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "SEND_LIMIT", LIMIT)
    sender = make_member("送り主")
    recipients = [make_member(f"宛先{n}").pk for n in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    refused: list[int] = []
    errors: list[str] = []

    def work(recipient_id: int) -> None:
        try:
            member = Member.objects.get(pk=sender.pk)
            barrier.wait(timeout=60)
            services.message_send(sender=member, to=recipient_id, body="同時に送ります")
        except TooManyRequests:
            refused.append(recipient_id)
        except BaseException as error:
            errors.append(repr(error))
            barrier.abort()
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(recipient_id,)) for recipient_id in recipients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    assert errors == []
    assert len(refused) == THREADS - LIMIT
    assert Message.objects.filter(sender=sender).count() == LIMIT
    assert MessageSending.objects.filter(sender=sender).count() == LIMIT
