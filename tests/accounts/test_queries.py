"""The invitations page costs a fixed number of queries, however many invitations were sent."""

import pytest

from tsunagu.accounts.services import invitation_create, member_sign_up


@pytest.mark.parametrize("count", [2, 20])
def test_invitations_page_query_count_does_not_grow(client, member, count, django_assert_max_num_queries):
    """Listing 2 or 20 invitations (some used) costs the same: session, member, site settings, pending badge, list."""
    for number in range(count):
        invitation = invitation_create(inviter=member)
        if number % 2:
            member_sign_up(
                email=f"invitee{number}@example.com",
                password="a-long-password-42",
                nickname=f"招待{number}",
                invitation_code=invitation.code,
            )
    client.force_login(member)
    with django_assert_max_num_queries(6):
        response = client.get("/invitations/")
    assert response.status_code == 200
    assert response.content.decode().count('class="copy"') == count - count // 2
