"""Senders: the platform default first and read-only; a subdomain sender (From, Reply-To),
edited and deleted; a single address confirmed through the stand-in's mailed link."""

import re
import uuid

from playwright.sync_api import expect

from screen import unique_subdomain


def verified_subdomain(s):
    name = unique_subdomain()
    s.add_subdomain(name)
    s.stand_in.publish_records(name)
    s.verify_domain(name)
    expect(s.domain(name).locator(".badge")).to_have_text(re.compile("Authorized"))
    return name


def test_the_default_sender_comes_first_read_only_without_direct_replies(screen):
    s = screen()
    first = s.page.locator("li[data-sender]").first
    expect(first).to_contain_text("Platform default sender")
    expect(first).to_contain_text("Read-only")
    expect(first.locator(".no-replies")).to_contain_text("No direct replies")
    expect(first.locator(".badge")).to_have_text(re.compile("Authorized"))
    expect(first.get_by_role("button")).to_have_count(0)
    # The legend explains the three colours in words.
    s.page.get_by_text("What the colours mean").click()
    legend = s.page.locator("details.legend")
    for word in ("Authorized", "Pending", "Rejected"):
        expect(legend).to_contain_text(word)
    s.check_accessibility("legend open")


def test_subdomain_sender_added_edited_and_deleted(screen):
    s = screen()
    page = s.page
    name = verified_subdomain(s)

    page.get_by_role("button", name="Add Sender").click()
    dialog = s.dialog()
    expect(dialog.get_by_label("On a subdomain you authorized")).to_be_checked()
    dialog.get_by_label("Subdomain", exact=True).select_option(label=name)
    dialog.get_by_label("Address (the part before @)").fill("news")
    expect(dialog.locator(".suffix")).to_have_text(f"@{name}")
    dialog.get_by_label("Display name").fill("Example News")
    dialog.get_by_label("Reply-To").fill("support@example.com")
    s.check_accessibility("add sender dialog")
    s.button(dialog, "Add Sender").click()
    expect(dialog).to_be_hidden()

    sender = s.sender(f"news@{name}")
    expect(sender.get_by_role("heading")).to_have_text(f"Example News <news@{name}>")
    expect(sender.locator(".badge")).to_have_text(re.compile("Authorized"))
    expect(sender).to_contain_text("support@example.com")
    s.shot("overview")

    # Edit the display name and clear Reply-To.
    s.button(sender, "Edit").click()
    dialog = s.dialog()
    expect(dialog.get_by_label("Display name")).to_have_value("Example News")
    dialog.get_by_label("Display name").fill("Example Weekly")
    dialog.get_by_label("Reply-To").fill("")
    s.button(dialog, "Save").click()
    expect(dialog).to_be_hidden()
    expect(sender.get_by_role("heading")).to_have_text(f"Example Weekly <news@{name}>")
    expect(sender).to_contain_text("replies go to the From address")

    # Delete asks first; Cancel keeps it.
    s.button(sender, "Delete").click()
    expect(s.dialog()).to_contain_text("cannot be undone")
    s.button(s.dialog(), "Cancel").click()
    expect(sender).to_be_visible()
    s.button(sender, "Delete").click()
    s.button(s.dialog(), "Delete sender").click()
    expect(sender).to_have_count(0)
    expect(page.get_by_role("button", name="Add Sender")).to_be_focused()


def test_single_address_sender_confirmed_by_the_mailed_link(screen):
    s = screen()
    page = s.page
    address = f"jane-{uuid.uuid4().hex[:8]}@example.org"

    page.get_by_role("button", name="Add Sender").click()
    dialog = s.dialog()
    # No authorized subdomain yet: the single address is preselected.
    expect(dialog.get_by_label(re.compile("A single address"))).to_be_checked()
    dialog.get_by_label("Email address").fill(address)
    dialog.get_by_label("Display name").fill("Jane Doe")
    s.button(dialog, "Add Sender").click()

    # "We sent a link": Resend sends another.
    expect(dialog).to_contain_text("Check your inbox")
    expect(dialog).to_contain_text(f"We sent a link to {address}")
    s.check_accessibility("check your inbox")
    s.shot("check-inbox", full_page=False)
    assert len(s.stand_in.links_for(address)) == 1
    s.button(dialog, "Resend link").click()
    expect(dialog.get_by_role("status")).to_contain_text("A new link is on its way")
    links = s.stand_in.links_for(address)
    assert len(links) == 2, links

    # Not yet confirmed, then confirmed by following the newest link.
    s.button(dialog, "I opened the link: check now").click()
    expect(dialog.get_by_role("status")).to_contain_text("Not confirmed yet")
    assert s.stand_in.follow(links[-1]) == 200
    # An address SES was asked about within VERIFY_FRESH_SECONDS (1 s in run.sh) answers what
    # is stored: let that pass, as a person opening their mail would.
    s.page.wait_for_timeout(1100)
    s.button(dialog, "I opened the link: check now").click()
    expect(dialog.get_by_role("status")).to_contain_text("Confirmed")
    s.button(dialog, "Done").click()

    sender = s.sender(address)
    expect(sender.locator(".badge")).to_have_text(re.compile("Authorized"))
    expect(sender).to_contain_text("Single address")
    expect(sender.get_by_role("button", name="Resend link")).to_have_count(0)


def test_a_pending_address_shows_its_link_and_resend_in_the_list(screen):
    s = screen()
    address = f"pat-{uuid.uuid4().hex[:8]}@example.org"
    s.page.get_by_role("button", name="Add Sender").click()
    s.dialog().get_by_label("Email address").fill(address)
    s.button(s.dialog(), "Add Sender").click()
    s.button(s.dialog(), "Done").click()
    sender = s.sender(address)
    expect(sender.locator(".badge")).to_have_text(re.compile("Pending"))
    expect(sender.locator(".next-step")).to_contain_text(f"We sent a confirmation link to {address}")
    s.button(sender, "Resend link").click()
    expect(s.page.locator(".live")).to_contain_text("A new link is on its way")
    assert len(s.stand_in.links_for(address)) == 2
