"""Intros (紹介文) are for signed-in members, like the self-introduction they sit beside."""

from tsunagu.core.services import site_settings_update
from tsunagu.friends.services import friendship_create, intro_write


def test_anonymous_visitors_see_no_intros_even_on_a_web_public_site(client, make_member):
    """On a web-public site an anonymous visitor sees the profile but no intros, on the page or in the API."""
    subject, author = make_member("紹介される人"), make_member("紹介する人")
    friendship_create(subject, author)
    intro_write(author=author, subject_id=subject.pk, body="とても親切な人です")
    site_settings_update(web_public_allowed=True)
    assert client.get(f"/api/v1/members/{subject.pk}/intros").json()["items"] == []
    page = client.get(f"/members/{subject.pk}/")
    assert page.status_code == 200
    assert "とても親切な人です" not in page.content.decode()
    client.force_login(make_member("メンバー"))
    assert [i["body"] for i in client.get(f"/api/v1/members/{subject.pk}/intros").json()["items"]] == [
        "とても親切な人です"
    ]
