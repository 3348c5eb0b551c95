"""The suppression list (search, add, remove) and a sender's reputation."""

import re
import uuid
from datetime import datetime, timezone

from playwright.sync_api import expect

from screen import feed, unique_subdomain


def test_suppression_list_add_search_and_remove(screen):
    s = screen()
    s.allow_http_errors(422)
    page = s.page
    form = page.get_by_role("form", name="Add an address to the suppression list")
    tag = uuid.uuid4().hex[:6]
    for local in ("alice", "bob"):
        form.get_by_label("Address to suppress").fill(f"{local}-{tag}@example.net")
        form.get_by_label("Reason").select_option("hard_bounce" if local == "alice" else "complaint")
        form.get_by_role("button", name="Add to the list").click()
        expect(page.locator(f'tr[data-email="{local}-{tag}@example.net"]')).to_be_visible()
    expect(page.locator('tr[data-email^="bob-"]')).to_contain_text("Complaint")
    expect(page.locator('tr[data-email^="bob-"]')).to_contain_text("Added by hand")

    # Not an address: the error sits beside the field.
    form.get_by_label("Address to suppress").fill("nobody")
    form.get_by_role("button", name="Add to the list").click()
    expect(form.get_by_label("Address to suppress")).to_have_attribute("aria-invalid", "true")
    expect(form.locator(".field-error").first).to_be_visible()
    s.check_no_raw_json()

    page.get_by_label("Search suppressed addresses").fill("alice")
    expect(page.locator("tr[data-email]")).to_have_count(1)
    expect(page.locator(".suppression-list .count")).to_have_text("1 of 2 addresses match.")
    s.check_accessibility("suppressions searched")
    page.get_by_label("Search suppressed addresses").fill("")
    expect(page.locator("tr[data-email]")).to_have_count(2)

    page.get_by_role("button", name=f"Remove alice-{tag}@example.net").click()
    s.button(s.dialog(), "Remove").click()
    expect(page.locator("tr[data-email]")).to_have_count(1)
    page.reload()
    expect(page.locator('tr[data-email^="bob-"]')).to_be_visible()
    expect(page.locator('tr[data-email^="alice-"]')).to_have_count(0)


def test_reputation_of_a_sender(screen):
    s = screen()
    address = f"rep-{uuid.uuid4().hex[:8]}@example.org"
    s.page.get_by_role("button", name="Add Sender").click()
    s.dialog().get_by_label("Email address").fill(address)
    s.button(s.dialog(), "Add Sender").click()
    s.button(s.dialog(), "Done").click()
    s.button(s.sender(address), "Reputation").click()
    dialog = s.dialog()
    expect(dialog.get_by_role("table")).to_contain_text("Bounce rate")
    expect(dialog.locator(".badge")).to_have_text(re.compile("Healthy"))
    expect(dialog).to_contain_text("Over the last 7 days")
    s.check_accessibility("reputation")
    s.page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(s.button(s.sender(address), "Reputation")).to_be_focused()


def test_a_sender_paused_for_bounces_shows_why_and_resumes(screen):
    s = screen()
    name = unique_subdomain("bulk")
    s.add_subdomain(name)
    s.stand_in.publish_records(name)
    s.verify_domain(name)
    expect(s.domain(name).locator(".badge")).to_have_text(re.compile("Authorized"))
    address = f"news@{name}"
    s.page.get_by_role("button", name="Add Sender").click()
    s.dialog().get_by_label("Address (the part before @)").fill("news")
    s.button(s.dialog(), "Add Sender").click()
    expect(s.sender(address).locator(".badge")).to_have_text(re.compile("Authorized"))

    # SES reports 100 sends and 12 hard bounces today: 12% is over the 10% pause line.
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    recipients = [f"r{i}-{uuid.uuid4().hex[:6]}@example.net" for i in range(100)]
    mail = {"timestamp": now, "messageId": f"browser-{uuid.uuid4().hex}", "source": address,
            "destination": recipients, "commonHeaders": {"from": [address], "to": recipients}}
    feed(s.base, {"eventType": "Send", "send": {}, "mail": mail})
    feed(s.base, {"notificationType": "Bounce", "mail": mail, "bounce": {
        "feedbackId": f"browser-{uuid.uuid4().hex}", "bounceType": "Permanent", "bounceSubType": "General",
        "timestamp": now, "bouncedRecipients": [
            {"emailAddress": r, "action": "failed", "status": "5.1.1", "diagnosticCode": "smtp; 550 5.1.1 user unknown"}
            for r in recipients[:12]]}})

    s.page.reload()
    sender = s.sender(address)
    expect(sender.locator(".badge")).to_have_text(re.compile("Rejected"))
    expect(s.page.locator("tr[data-email]")).to_have_count(12)
    expect(s.page.locator("tr[data-email]").first).to_contain_text("SES feedback")

    s.button(sender, "Reputation").click()
    dialog = s.dialog()
    expect(dialog.locator(".badge")).to_have_text(re.compile("Paused"))
    expect(dialog.get_by_role("table")).to_contain_text("12%")
    expect(dialog.locator(".next-step")).to_contain_text("Paused")
    s.check_accessibility("paused")
    s.shot("paused", full_page=False)
    s.button(dialog, "Resume sending").click()
    expect(dialog).to_be_hidden()
    expect(sender.locator(".badge")).to_have_text(re.compile("Authorized"))
