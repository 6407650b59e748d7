"""On an open site a bad invitation link does not stop anyone from joining."""

import pytest

from tsunagu.accounts.models import Member


@pytest.mark.django_db
def test_open_site_with_unknown_invitation_offers_the_form_and_says_why(client):
    """The page explains that the invitation is not valid and still lets the visitor sign up (without it)."""
    page = client.get("/signup/?invitation=no-such-code", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert b"This invitation is not valid." in page.content
    assert b'name="email"' in page.content
    response = client.post(
        "/signup/?invitation=no-such-code",
        {"email": "new@example.com", "nickname": "新人", "password": "a-long-password-42"},
    )
    assert response.status_code == 302
    assert Member.objects.filter(email="new@example.com").exists()
