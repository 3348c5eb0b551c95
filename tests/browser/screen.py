"""The screen as a test sees it: a Playwright page on the dev server plus the SES stand-in's
controls, with the checks every state gets (axe-core, no raw JSON) and screenshots."""

import json
import re
import urllib.request
import uuid

from playwright.sync_api import expect

# axe-core impacts that fail a test.
FAILING_IMPACTS = {"serious", "critical"}


class StandIn:
    """The SES stand-in's /_local controls (tests/ses-standin/README.md)."""

    def __init__(self, base):
        self.base = base.rstrip("/")

    def _call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(f"{self.base}{path}", data=data, method=method,
                                     headers={"content-type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as reply:
            text = reply.read().decode()
            return json.loads(text) if text else None

    def publish_records(self, name):
        return self._call("POST", f"/_local/identities/{name}/publish-records")

    def publish_dns(self, record):
        return self._call("POST", "/_local/dns/records", record)

    def remove_dns(self, name):
        return self._call("DELETE", f"/_local/dns/records?name={name}")

    def advance_clock(self, seconds):
        return self._call("POST", "/_local/clock/advance", {"seconds": seconds})

    def links_for(self, address):
        outbox = self._call("GET", "/_local/outbox")
        return [m["link"] for m in outbox["messages"] if address in json.dumps(m)]

    def follow(self, link):
        with urllib.request.urlopen(link, timeout=10) as reply:
            return reply.status


def unique_subdomain(prefix="news"):
    return f"{prefix}-{uuid.uuid4().hex[:8]}.example.com"


class Screen:
    def __init__(self, page, base, tenant, stand_in, shots, name, console_errors):
        self.page = page
        self.base = base
        self.tenant = tenant
        self.stand_in = stand_in
        self.shots = shots
        self.name = name
        self.console_errors = console_errors
        self.allowed_console = []

    def expected_console_error(self, text):
        # Chromium logs every 4xx a fetch receives; the tests provoke some on purpose.
        return "Failed to load resource" in text and any(code in text for code in self.allowed_console)

    def allow_http_errors(self, *codes):
        self.allowed_console.extend(str(c) for c in codes)

    def open(self):
        self.page.goto(f"{self.base}/?tenant={self.tenant}")
        expect(self.page.get_by_role("heading", name="Senders", exact=True)).to_be_visible()
        expect(self.page.locator("email-senders .content")).to_have_attribute("aria-busy", "false")

    # --- parts of the screen -----------------------------------------------------------
    def dialog(self):
        return self.page.get_by_role("dialog")

    def domain(self, name):
        return self.page.locator("li[data-domain]").filter(has=self.page.get_by_role("heading", name=name, exact=True))

    def sender(self, address):
        return self.page.locator(f'li[data-sender="{address}"]')

    def button(self, scope, name):
        return scope.get_by_role("button", name=name, exact=True)

    # --- checks --------------------------------------------------------------------------
    def check_accessibility(self, state):
        """axe-core over the whole page (shadow DOM included): no serious or critical violation."""
        result = self.page.evaluate("() => axe.run(document, { resultTypes: ['violations'] })")
        bad = [v for v in result["violations"] if v.get("impact") in FAILING_IMPACTS]
        report = [
            f"{v['id']} ({v['impact']}): {v['help']} -> " + "; ".join(str(n["target"]) for n in v["nodes"][:3])
            for v in bad
        ]
        assert not bad, f"accessibility violations in state '{state}':\n" + "\n".join(report)

    def check_no_raw_json(self):
        text = self.page.locator("email-senders").inner_text()
        assert not re.search(r'[{\[]\s*"', text), f"raw JSON on the screen: {text[:500]}"

    def shot(self, state, full_page=True):
        path = self.shots / f"{self.name}--{state}.png"
        # caret="initial": hiding the caret would inject a style, which the CSP rightly blocks.
        self.page.screenshot(path=str(path), full_page=full_page, caret="initial")
        return path

    def clipboard(self):
        return self.page.evaluate("() => navigator.clipboard.readText()")

    # --- flows ---------------------------------------------------------------------------
    def add_subdomain(self, name):
        self.button(self.page, "Add Subdomain").first.click()
        dialog = self.dialog()
        dialog.get_by_label("Subdomain").fill(name)
        self.button(dialog, "Add Subdomain").click()
        expect(dialog).to_be_hidden()
        item = self.domain(name)
        expect(item).to_be_visible()
        return item

    def verify_domain(self, name):
        self.button(self.domain(name), "Verify Status").click()


def sns_event(message):
    """A Lambda SNS event carrying one SES notification, as the feedback function receives it."""
    return {"Records": [{
        "EventSource": "aws:sns",
        "EventVersion": "1.0",
        "EventSubscriptionArn": "arn:aws:sns:us-east-1:123456789012:email-senders-feedback:browser-tests",
        "Sns": {
            "Type": "Notification",
            "MessageId": str(uuid.uuid4()),
            "TopicArn": "arn:aws:sns:us-east-1:123456789012:email-senders-feedback",
            "Subject": None,
            "Message": json.dumps(message),
            "Timestamp": message["mail"]["timestamp"],
            "SignatureVersion": "1",
            "Signature": "EXAMPLE",
            "SigningCertUrl": "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-EXAMPLE.pem",
            "UnsubscribeUrl": "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe",
            "MessageAttributes": {},
        },
    }]}


def feed(base, message):
    """POSTs one SES notification to the dev server's /_local/feedback (SNS, locally)."""
    req = urllib.request.Request(f"{base}/_local/feedback", data=json.dumps(sns_event(message)).encode(),
                                 method="POST", headers={"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as reply:
        return json.loads(reply.read().decode())
