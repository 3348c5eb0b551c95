"""Errors from the API beside the field they belong to, never as raw JSON; another tenant's
screen never shows the first one's rows."""

import re
import uuid

from playwright.sync_api import expect

from screen import unique_subdomain


def error_for(dialog, label):
    """The field's error text, found the way assistive technology finds it (aria-describedby)."""
    field = dialog.get_by_label(label, exact=True)
    expect(field).to_have_attribute("aria-invalid", "true")
    ids = field.get_attribute("aria-describedby").split()
    error_ids = [i for i in ids if i.endswith("-error")]
    assert len(error_ids) == 1, ids
    error = dialog.locator(f"#{error_ids[0]}")
    expect(error).to_be_visible()
    return error


def test_a_bare_domain_is_refused_beside_the_field(screen):
    s = screen()
    s.allow_http_errors(422)
    s.page.get_by_role("button", name="Add Subdomain").click()
    dialog = s.dialog()
    dialog.get_by_label("Subdomain").fill("example.com")
    s.button(dialog, "Add Subdomain").click()
    error = error_for(dialog, "Subdomain")
    expect(error).to_contain_text("“example.com” is a registered domain")
    expect(dialog.get_by_label("Subdomain")).to_be_focused()
    s.check_no_raw_json()
    s.check_accessibility("field error")
    s.shot("field-error", full_page=False)

    # Fixing it clears the error.
    dialog.get_by_label("Subdomain").fill(unique_subdomain())
    s.button(dialog, "Add Subdomain").click()
    expect(dialog).to_be_hidden()


def test_a_bad_reply_to_is_refused_beside_its_field(screen):
    s = screen()
    s.allow_http_errors(422)
    s.page.get_by_role("button", name="Add Sender").click()
    dialog = s.dialog()
    dialog.get_by_label("Email address").fill(f"ok-{uuid.uuid4().hex[:6]}@example.org")
    dialog.get_by_label("Reply-To").fill("not an address")
    s.button(dialog, "Add Sender").click()
    error = error_for(dialog, "Reply-To")
    assert error.inner_text().strip()
    expect(dialog.get_by_label("Email address")).not_to_have_attribute("aria-invalid", "true")
    s.check_no_raw_json()


def test_another_tenant_never_sees_the_first_ones_rows(screen):
    first = screen()
    name = unique_subdomain("private")
    first.add_subdomain(name)
    address = f"own-{uuid.uuid4().hex[:8]}@example.org"
    first.page.get_by_role("button", name="Add Sender").click()
    first.dialog().get_by_label("Email address").fill(address)
    first.button(first.dialog(), "Add Sender").click()
    first.button(first.dialog(), "Done").click()
    expect(first.sender(address)).to_be_visible()

    second = screen()
    second.allow_http_errors(409)
    text = second.page.locator("email-senders").inner_text()
    assert name not in text and address not in text
    expect(second.page.locator("li[data-domain]")).to_have_count(0)
    expect(second.page.locator("li[data-sender]")).to_have_count(1)  # the platform default only
    # Claiming the same name answers a conflict that names nobody.
    second.page.get_by_role("button", name="Add Subdomain").click()
    dialog = second.dialog()
    dialog.get_by_label("Subdomain").fill(name)
    second.button(dialog, "Add Subdomain").click()
    alert = dialog.locator(".form-alert")
    expect(alert).to_be_visible()
    assert first.tenant not in alert.inner_text()
    second.check_no_raw_json()


def test_the_dev_tenant_switcher_changes_tenant(screen):
    s = screen()
    name = unique_subdomain("switch")
    s.add_subdomain(name)
    switcher = s.page.get_by_label("Signed in to tenant")
    expect(switcher).to_have_value(s.tenant)
    switcher.select_option("globex")
    s.page.wait_for_url(re.compile(r"tenant=globex"))
    expect(s.page.get_by_role("heading", name="Senders", exact=True)).to_be_visible()
    expect(s.page.locator("email-senders .content")).to_have_attribute("aria-busy", "false")
    expect(s.page.get_by_text(name)).to_have_count(0)
