"""Communities in the browser: a member creates a community that needs approval and an event in it; another member
asks to join with a message; the admin lets them in from the confirmation page; the new member starts a topic,
comments on it and joins the event; a member who has not joined cannot open the members-only topics (404)."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlparse

from django.utils import timezone
from playwright.sync_api import expect

from tsunagu.communities.models import Category, Community, Membership, MembershipState, Participation

NAME = "東北大学 同窓会"
DESCRIPTION = "東北大学の卒業生のコミュニティです。\n参加は承認制です。"
REQUEST = "文学部、2012年卒の伊藤です。入れてください！"
EVENT = "仙台で忘年会"
PLACE = "仙台駅 西口の居酒屋"
TOPIC = "仙台の思い出の店"
BODY = "学生時代に通ったお店の話をしましょう。"
COMMENT = "片平の喫茶店！卒論はほぼあそこで書きました。"


def local_input(moment):
    """A time as a datetime-local input takes it, in the site's time zone (the members' too)."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def expect_status(page, text):
    expect(page.get_by_role("status")).to_have_text(text)


def test_approval_community_request_topic_event_and_privacy(new_page, ui, lang, make_member):
    admin = make_member("佐藤花子")
    joiner = make_member("伊藤翔太")
    outsider = make_member("山田太郎")
    Category.objects.create(name_ja="学校・同窓会", name_en="Schools and alumni")  # the operator's list

    # The admin goes to their communities from the nav and creates one that needs approval, topics for members.
    page = new_page(member=admin)
    page.goto("/")
    page.get_by_role("navigation", name=ui("Main")).locator('[data-nav="communities"]').click()
    expect(page).to_have_url("/communities/mine/")
    page.locator('[data-action="create-community"]').click()
    expect(page).to_have_url("/communities/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text(ui("Create a community"))
    form = page.locator('[data-form="community"]')
    form.get_by_label(ui.label("Community name")).fill(NAME)
    form.get_by_label(ui.label("Category")).select_option(
        label="学校・同窓会" if lang == "ja" else "Schools and alumni"
    )
    form.get_by_label(ui.label("Description")).fill(DESCRIPTION)
    form.get_by_label(ui("Admins approve who joins"), exact=True).check()
    form.get_by_label(ui.label("Members who have not joined may read the topics")).uncheck()
    expect(form.get_by_label(ui("All members"), exact=True)).to_be_checked()
    form.get_by_role("button", name=ui("Create"), exact=True).click()

    expect(page).to_have_url(re.compile(r"/communities/\d+/$"))
    community_path = urlparse(page.url).path
    community = Community.objects.get(name=NAME)
    assert community_path == f"/communities/{community.pk}/"
    expect_status(page, ui("Your community was created. You are its admin."))
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    expect(page.locator("[data-membership]")).to_have_attribute("data-membership", "admin")
    expect(page.locator('[data-field="join_policy"]')).to_have_text(ui("Joining needs the admins' approval."))
    expect(page.locator('[data-field="topics_public"]')).to_have_text(ui("Only members can read the topics."))
    expect(page.locator('[data-field="category"]')).to_have_text(
        "学校・同窓会" if lang == "ja" else "Schools and alumni"
    )

    # The admin creates an event with a place, a deadline and room for ten; the organiser is going.
    expect(page.locator('[data-section="latest-topics"] [data-empty="events"]')).to_be_visible()  # loaded (htmx)
    page.locator('[data-section="topics"] [data-link="events"]').click()
    expect(page).to_have_url(f"/communities/{community.pk}/events/")
    page.locator('[data-action="new-event"]').click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ui("Create an event"))
    starts = timezone.now() + timedelta(days=14)
    event_form = page.locator('[data-form="event"]')
    event_form.get_by_label(ui.label("Title")).fill(EVENT)
    event_form.get_by_label(ui.label("Date and time")).fill(local_input(starts))
    event_form.get_by_label(ui.label("Place")).fill(PLACE)
    event_form.get_by_label(ui.label("Sign-up deadline")).fill(local_input(starts - timedelta(days=3)))
    event_form.get_by_label(ui.label("Capacity")).fill("10")
    event_form.get_by_label(ui.label("Body")).fill("年末に仙台で集まりましょう。")
    event_form.get_by_role("button", name=ui("Post"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/topics/\d+/$"))
    event_path = urlparse(page.url).path
    expect_status(page, ui("Your event was posted."))
    expect(page.get_by_role("heading", level=1)).to_have_text(EVENT)
    expect(page.locator('[data-field="place"]')).to_have_text(PLACE)
    expect(page.locator("[data-sign-up]")).to_have_attribute("data-sign-up", "joined")
    expect(page.locator("[data-participants]")).to_have_text(
        ui("%(count)s of %(capacity)s going", count=1, capacity=10)
    )

    # Another member finds the community and asks to join, with a message for the admins.
    joining = new_page(member=joiner)
    joining.goto(community_path)
    expect(joining.locator("[data-membership]")).to_have_attribute("data-membership", "none")
    join_form = joining.locator('[data-form="join"]')
    join_form.get_by_label(ui.label("Message to the admins (optional)")).fill(REQUEST)
    join_form.get_by_role("button", name=ui("Ask to join")).click()
    expect(joining).to_have_url(community_path)
    expect_status(joining, ui("Your request to join was sent. The admins will answer it."))
    expect(joining.locator("[data-membership]")).to_have_attribute("data-membership", "pending")
    # Waiting is not membership: the members-only topics are still "not found".
    assert joining.goto(f"/communities/{community.pk}/topics/").status == 404
    assert joining.goto(event_path).status == 404

    # The admin sees the request counted in the nav, opens the confirmation page and lets the member in.
    page.goto("/")
    nav_confirm = page.get_by_role("navigation", name=ui("Main")).locator('[data-nav="confirm"]')
    expect(nav_confirm.locator("[data-pending-count]")).to_have_attribute("data-pending-count", "1")
    nav_confirm.click()
    expect(page).to_have_url("/confirm/")
    expect(page.get_by_role("heading", level=1)).to_have_text(ui.pgettext("navigation", "Confirm"))
    request = page.locator(f'[data-community="{community.pk}"][data-member="{joiner.pk}"]')
    expect(request).to_contain_text("伊藤翔太")
    expect(request).to_contain_text(NAME)
    expect(request.locator('[data-field="message"]')).to_have_text(REQUEST)
    request.get_by_role("button", name=ui("Let in")).click()
    expect(page).to_have_url("/confirm/")
    expect_status(page, ui("The member was let in."))
    expect(page.locator(f'[data-community="{community.pk}"][data-member="{joiner.pk}"]')).to_have_count(0)
    expect(page.locator('[data-empty="confirm"]')).to_have_text(ui("Nothing is waiting for you."))
    assert Membership.objects.get(community=community, member=joiner).state == MembershipState.ACTIVE

    # The new member starts a topic and comments on it.
    joining.goto(community_path)
    expect(joining.locator("[data-membership]")).to_have_attribute("data-membership", "member")
    expect(joining.locator("[data-member-count]")).to_have_attribute("data-member-count", "2")
    expect(joining.locator('[data-list="latest-events"]')).to_contain_text(EVENT)
    joining.locator('[data-section="topics"] [data-link="topics"]').click()
    expect(joining).to_have_url(f"/communities/{community.pk}/topics/")
    joining.locator('[data-action="new-topic"]').click()
    expect(joining.get_by_role("heading", level=1)).to_have_text(ui("Start a topic"))
    topic_form = joining.locator('[data-form="topic"]')
    topic_form.get_by_label(ui.label("Title")).fill(TOPIC)
    topic_form.get_by_label(ui.label("Body")).fill(BODY)
    topic_form.get_by_role("button", name=ui("Post"), exact=True).click()
    expect(joining).to_have_url(re.compile(r"/topics/\d+/$"))
    topic_path = urlparse(joining.url).path
    expect_status(joining, ui("Your topic was posted."))
    expect(joining.get_by_role("heading", level=1)).to_have_text(TOPIC)
    expect(joining.locator('.topic [data-field="body"]')).to_have_text(BODY)

    comment_form = joining.locator('[data-form="comment"]')
    comment_form.get_by_label(ui.label("Comment")).fill(COMMENT)
    comment_form.get_by_role("button", name=ui("Post comment")).click()
    expect(joining).to_have_url(f"{topic_path}#comment-1")
    expect_status(joining, ui("Your comment was posted."))
    comment = joining.locator("#comment-1")
    expect(comment).to_have_attribute("data-number", "1")
    expect(comment.locator('[data-field="body"]')).to_have_text(COMMENT)
    expect(comment).to_contain_text("伊藤翔太")

    # … and joins the admin's event from the community's events.
    joining.goto(f"/communities/{community.pk}/events/")
    joining.locator('[data-list="events"]').get_by_role("link", name=EVENT).click()
    expect(joining).to_have_url(event_path)
    expect(joining.locator("[data-sign-up]")).to_have_attribute("data-sign-up", "open")
    joining.get_by_role("button", name=ui("Join this event")).click()
    expect(joining).to_have_url(event_path)
    expect_status(joining, ui("You joined the event."))
    expect(joining.locator("[data-sign-up]")).to_have_attribute("data-sign-up", "joined")
    expect(joining.locator("[data-participants]")).to_have_attribute("data-participants", "2")
    assert set(Participation.objects.filter(topic__title=EVENT).values_list("member_id", flat=True)) == {
        admin.pk,
        joiner.pk,
    }

    # The admin finds the new topic, latest first, in the community's topic list.
    page.goto(f"/communities/{community.pk}/topics/")
    expect(page.locator('[data-list="topics"] li').first.get_by_role("link", name=TOPIC)).to_be_visible()

    # A member who has not joined knows the community exists, but its topics and events are "not found".
    outside = new_page(member=outsider)
    outside.goto(community_path)
    expect(outside.get_by_role("heading", level=1)).to_have_text(NAME)
    expect(outside.locator('[data-field="topics_public"]')).to_have_text(ui("Only members can read the topics."))
    expect(outside.locator('[data-topics="members-only"]')).to_have_text(
        ui("Only members can read this community's topics and events.")
    )
    for path in (
        f"/communities/{community.pk}/topics/",
        f"/communities/{community.pk}/events/",
        topic_path,
        event_path,
    ):
        response = outside.goto(path)
        assert response is not None and response.status == 404, path
        expect(outside.get_by_role("heading", level=1)).not_to_contain_text(TOPIC)
        expect(outside.locator("body")).not_to_contain_text(COMMENT)
