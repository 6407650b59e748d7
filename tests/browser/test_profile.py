"""Editing one's profile at /settings/profile/ and what the profile page shows to its owner and to another member."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from playwright.sync_api import expect

from tsunagu.profiles.fields import age_on

BIRTHDAY = date(1990, 4, 15)
INTRODUCTION = "はじめまして。週末は山歩きをしています。\nよろしくお願いします！"
SCHOOL = "つなぐ高校"  # friends only
INTERESTS = "登山、写真、猫"  # all members


def _fieldset(page, label):
    """A profile field's group (the value and who can see it), found by the field's label."""
    return page.locator("fieldset").filter(has=page.get_by_label(label))


def test_profile_edit_then_owner_and_another_member_see_what_they_may(new_page, ui, make_member):
    owner = make_member("佐藤花子")
    other = make_member("鈴木一郎")
    page = new_page(member=owner)

    page.goto("/settings/profile/")
    expect(page.get_by_role("heading", level=1)).to_have_text(ui("Edit profile"))
    page.get_by_label(ui.label("Nickname")).fill("はなこ")
    page.get_by_label(ui.label("Self-introduction")).fill(INTRODUCTION)

    birthday = _fieldset(page, ui.label("Birthday"))
    birthday.get_by_label(ui.label("Birthday")).fill(BIRTHDAY.isoformat())
    birthday.get_by_label(ui.label("Who can see this")).select_option(label=ui.pgettext("audience", "All members"))
    birthday.get_by_label(ui.label("Who can see the year (and so your age)")).select_option(
        label=ui.pgettext("audience", "Friends")
    )

    school = _fieldset(page, ui.label("School"))
    school.get_by_label(ui.label("School")).fill(SCHOOL)
    school.get_by_label(ui.label("Who can see this")).select_option(label=ui.pgettext("audience", "Friends"))

    interests = _fieldset(page, ui.label("Interests"))
    interests.get_by_label(ui.label("Interests")).fill(INTERESTS)
    interests.get_by_label(ui.label("Who can see this")).select_option(label=ui.pgettext("audience", "All members"))

    page.get_by_role("button", name=ui("Save profile")).click()

    # The owner lands on their profile page and sees everything.
    expect(page).to_have_url(f"/members/{owner.pk}/")
    expect(page.get_by_role("status")).to_have_text(ui("Your profile was saved."))
    expect(page.get_by_role("heading", level=1)).to_have_text("はなこ")
    expect(page.locator(".introduction")).to_have_text(INTRODUCTION.replace("\n", ""))
    age = age_on(BIRTHDAY, timezone.localdate())
    expect(page.get_by_text("1990-04-15")).to_be_visible()
    expect(page.get_by_text(ui.plural("%(age)s year old", "%(age)s years old", age, age=age))).to_be_visible()
    expect(page.get_by_text(SCHOOL)).to_be_visible()
    expect(page.get_by_text(INTERESTS)).to_be_visible()
    expect(page.get_by_role("link", name=ui("Edit profile"))).to_be_visible()

    owner.refresh_from_db()
    assert owner.nickname == "はなこ"
    assert owner.profile.birthday == BIRTHDAY
    assert (owner.profile.birthday_audience, owner.profile.birth_year_audience) == ("members", "friends")
    assert (owner.profile.school_audience, owner.profile.interests_audience) == ("friends", "members")

    # Another member (not a friend), in their own browser: only what all members may see.
    theirs = new_page(member=other)
    theirs.goto(f"/members/{owner.pk}/")
    expect(theirs.get_by_role("heading", level=1)).to_have_text("はなこ")
    main = theirs.get_by_role("main")
    expect(main.get_by_text(INTERESTS)).to_be_visible()
    expect(main.get_by_text(INTRODUCTION.split("\n")[0])).to_be_visible()
    expect(main.get_by_text("04-15", exact=True)).to_be_visible()  # the day, without the year
    expect(main).not_to_contain_text("1990")
    expect(main).not_to_contain_text(SCHOOL)
    expect(main.get_by_text(ui("School"), exact=True)).to_have_count(0)
    expect(main.get_by_role("link", name=ui("Edit profile"))).to_have_count(0)
