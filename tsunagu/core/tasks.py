"""Background tasks of the shared kernel: sending e-mail outside the request."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task(queue_name="mail")
def send_email(*, to: list[str], subject: str, body: str) -> None:
    """Send one plain-text e-mail; the caller enqueues it on commit."""
    EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, to).send()
