"""Subdomains: add one, hand its records to IT (copy, zone, CSV, email text), publish them
through the stand-in, Verify Status to green; red after the 72-hour window, then Restart."""

import re

from playwright.sync_api import expect

from screen import unique_subdomain


def records_of(item):
    """The (type, name, value) rows of the records table as shown."""
    rows = []
    for row in item.locator("tbody tr").all():
        cells = row.locator("td")
        rows.append((cells.nth(1).inner_text().strip(), cells.nth(2).locator("code").inner_text(),
                     cells.nth(3).locator("code").inner_text()))
    return rows


def test_add_a_subdomain_copy_its_records_publish_them_and_verify_to_green(screen):
    s = screen()
    page = s.page
    s.check_accessibility("empty")
    name = unique_subdomain()

    page.get_by_role("button", name="Add Subdomain").click()
    expect(s.dialog()).to_be_visible()
    s.check_accessibility("add subdomain dialog")
    s.dialog().get_by_label("Subdomain").fill(name)
    s.button(s.dialog(), "Add Subdomain").click()
    item = s.domain(name)
    expect(item).to_be_visible()

    # Pending, with its words, icon and the time left in the 72-hour window.
    expect(item.locator(".badge")).to_have_text(re.compile(r"…\s*Pending"))
    expect(item.locator(".time-left")).to_contain_text(re.compile(r"(71|72) h \d+ min of the 72-hour window"))
    expect(item.get_by_role("button", name="Hide DNS records")).to_have_attribute("aria-expanded", "true")

    # The records: 3 DKIM CNAMEs, MAIL FROM MX and SPF TXT, DMARC TXT.
    rows = records_of(item)
    assert [r[0] for r in rows] == ["CNAME", "CNAME", "CNAME", "MX", "TXT", "TXT"], rows
    assert all(r[1].endswith(name) for r in rows), rows
    s.check_accessibility("records shown")
    s.shot("records")

    # One click per value...
    item.get_by_role("button", name="Copy value of record 1 (CNAME)").click()
    assert s.clipboard() == rows[0][2]
    item.get_by_role("button", name="Copy name of record 4 (MX)").click()
    assert s.clipboard() == rows[3][1]
    # ...and for the whole set, as a BIND zone fragment.
    item.get_by_role("button", name="Copy all records").click()
    zone = s.clipboard()
    for kind, record_name, value in rows:
        assert f"{record_name}.\t3600\tIN\t{kind}\t" in zone, (record_name, zone)
    assert f"MX\t10 {rows[3][2]}." in zone

    # Downloads: the zone fragment and CSV.
    with page.expect_download() as download:
        item.get_by_role("link", name="Download BIND zone").click()
    assert download.value.suggested_filename == f"{name}.zone"
    assert open(download.value.path(), encoding="utf-8").read() == zone
    with page.expect_download() as download:
        item.get_by_role("link", name="Download CSV").click()
    lines = open(download.value.path(), encoding="utf-8", newline="").read().split("\r\n")
    assert lines[0] == "type,name,value,priority,purpose,required"
    assert len([line for line in lines[1:] if line]) == 6
    assert any(line.startswith(f"MX,bounce.{name},") for line in lines), lines

    # For IT without an account: a mailto link and text to paste, both with every record.
    href = item.get_by_role("link", name="Email the records to IT").get_attribute("href")
    assert href.startswith("mailto:?subject=")
    item.get_by_text("Text to paste into a message to IT").click()
    message = item.get_by_label("Message text").input_value()
    assert all(r[2] in message for r in rows)

    # IT publishes them; Verify Status shows progress, sends once however often it is pressed.
    s.stand_in.publish_records(name)
    verify_calls = []
    page.on("request", lambda r: verify_calls.append(r.url) if r.method == "POST" and r.url.endswith("/verify") else None)
    # Three clicks in one go, as an impatient double-click would: one request, and the button
    # says what it is doing meanwhile.
    state = item.evaluate("""li => {
        const b = [...li.querySelectorAll("button")].find((x) => x.textContent === "Verify Status");
        b.click(); b.click(); b.click();
        return [b.textContent, b.getAttribute("aria-disabled")];
    }""")
    assert state == ["Checking…", "true"], state
    expect(item.locator(".badge")).to_have_text(re.compile(r"✓\s*Authorized"))
    assert len(verify_calls) == 1, verify_calls
    expect(item.locator(".reason")).to_contain_text("verified")
    expect(item.locator("dd").first).not_to_have_text("not yet")
    expect(page.locator(".live")).to_contain_text("Authorized")
    s.check_accessibility("verified")
    s.shot("verified")


def test_red_after_the_72_hour_window_then_restart(screen):
    s = screen()
    name = unique_subdomain("late")
    item = s.add_subdomain(name)
    first_value = item.locator("tbody tr").first.locator("td").nth(3).inner_text()
    # Nobody published anything for 73 hours: SES gives up.
    s.stand_in.advance_clock(73 * 3600)
    s.verify_domain(name)
    expect(item.locator(".badge")).to_have_text(re.compile(r"✕\s*Rejected"))
    expect(item.locator(".next-step")).to_contain_text("Restart")
    s.check_accessibility("rejected")
    s.shot("rejected")

    restart = s.button(item, "Restart")
    restart.click()
    dialog = s.dialog()
    expect(dialog).to_contain_text("new DKIM records")
    s.button(dialog, "Cancel").click()
    expect(restart).to_be_focused()
    restart.click()
    s.button(s.dialog(), "Restart").click()
    expect(item.locator(".badge")).to_have_text(re.compile(r"Pending"))
    expect(item.locator(".time-left")).to_contain_text("of the 72-hour window")
    assert item.locator("tbody tr").first.locator("td").nth(3).inner_text() != first_value


def test_check_dns_now_says_which_record_is_wrong_and_how_to_fix_it(screen):
    s = screen()
    page = s.page
    name = unique_subdomain("dns")
    item = s.add_subdomain(name)
    # The panel opened with the subdomain: its check column is filled from dns-records.
    mx = item.locator("tbody tr").filter(has=page.get_by_text(f"bounce.{name}", exact=True)).filter(
        has=page.locator("td[data-label=Type]", has_text="MX"))
    expect(mx.locator(".check-state")).to_have_text(re.compile(r"✕\s*Missing"))

    # IT publishes a wrong MX at the MAIL FROM name; one press (however many clicks) looks again.
    s.stand_in.publish_dns({"name": f"bounce.{name}", "type": "MX", "value": "mx.example.net", "priority": 10})
    checks = []
    page.on("request", lambda r: checks.append(r.url) if r.method == "POST" and r.url.endswith("/dns-check") else None)
    state = item.evaluate("""li => {
        const b = [...li.querySelectorAll("button")].find((x) => x.textContent === "Check DNS now");
        b.click(); b.click();
        return [b.textContent, b.getAttribute("aria-disabled")];
    }""")
    assert state == ["Checking DNS…", "true"], state
    expect(mx.locator(".check-state")).to_have_text(re.compile(r"✕\s*Wrong"))
    expect(mx.locator(".check-fix")).to_contain_text("feedback-smtp")
    expect(s.button(item, "Check DNS now")).to_be_visible()
    assert len(checks) == 1, checks
    expect(page.locator(".live")).to_contain_text("to fix")
    s.check_no_raw_json()
    s.check_accessibility("dns check wrong")
    s.shot("dns-wrong")

    # The right records: MX ok, no fix shown for it, nothing missing or wrong among the rest.
    s.stand_in.remove_dns(f"bounce.{name}")
    s.stand_in.publish_records(name)
    s.button(item, "Check DNS now").click()
    expect(mx.locator(".check-state")).to_have_text(re.compile(r"✓\s*OK"))
    expect(mx.locator(".check-fix")).to_have_count(0)
    expect(item.locator('.check-state[data-check="wrong"], .check-state[data-check="missing"]')).to_have_count(0)
    s.check_no_raw_json()
    s.check_accessibility("dns check ok")
    s.shot("dns-ok")
