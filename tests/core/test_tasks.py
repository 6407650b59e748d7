"""Background tasks on the real backends: the database worker (embedded) and RQ on Redis (production)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction

from tsunagu.core.mail import mail_enqueue
from tsunagu.core.tasks import send_email


@pytest.mark.django_db(transaction=True)
def test_database_worker_sends_enqueued_mail(settings):
    """A task enqueued on the database backend waits until the db_worker runs it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}}
    result = send_email.enqueue(to=["hanako@example.com"], subject="件名", body="本文")
    assert mail.outbox == []
    call_command("db_worker", queue_name="default,mail", batch=True, startup_delay=False, reload=False, verbosity=0)
    assert [m.subject for m in mail.outbox] == ["件名"]
    result.refresh()
    assert result.status == "SUCCESSFUL"


@pytest.mark.production
def test_rq_worker_sends_enqueued_mail(settings):
    """On the production shape a task goes through Redis and an RQ worker runs it."""
    import django_rq

    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": settings.TASK_QUEUES}}
    django_rq.get_queue("mail").empty()
    send_email.enqueue(to=["ichiro@example.com"], subject="RQ", body="本文")
    assert django_rq.get_queue("mail").count == 1
    call_command(
        "rqworker", "mail", burst=True, worker_class="rq.SimpleWorker", job_class="django_tasks_rq.Job", verbosity=0
    )
    assert [m.subject for m in mail.outbox] == ["RQ"]
    assert django_rq.get_queue("mail").count == 0


@pytest.mark.django_db
def test_mail_leaves_only_after_commit_and_not_on_rollback(django_capture_on_commit_callbacks):
    """Mail is enqueued on commit: a rolled-back write sends nothing; a committed one sends in the member's language."""
    with pytest.raises(RuntimeError), transaction.atomic():
        mail_enqueue(
            to="a@example.com",
            language="ja",
            template="accounts/email/email_changed",
            context={"member": {"nickname": "花子"}, "new_email": "x@example.com"},
        )
        raise RuntimeError
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        mail_enqueue(
            to="a@example.com",
            language="en",
            template="accounts/email/email_changed",
            context={"member": {"nickname": "Hanako"}, "new_email": "x@example.com"},
        )
    assert len(mail.outbox) == 1
    assert "x@example.com" in mail.outbox[0].body
    assert mail.outbox[0].to == ["a@example.com"]
