"""How the screen is served: no token for the page, strict CSP, hashed immutable assets; the
JSON API still wants a token. Keyboard only, and readable at 320 px."""

import json

import pytest
from playwright.sync_api import expect

from screen import unique_subdomain


def test_served_without_a_token_with_a_strict_policy_and_hashed_assets(screen):
    s = screen()
    request = s.page.context.request
    index = request.get(f"{s.base}/")
    assert index.status == 200
    headers = index.headers
    csp = headers["content-security-policy"]
    for directive in ("default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'"):
        assert directive in csp, csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers["cache-control"] == "no-cache"
    scripts = s.page.evaluate("() => [...document.scripts].map((x) => x.src)")
    assert scripts and all("/assets/" in src for src in scripts), scripts
    asset = request.get(scripts[0])
    assert asset.status == 200
    assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
    # The JSON API keeps requiring a token.
    api = request.get(f"{s.base}/v1/domains")
    assert api.status == 401
    assert api.headers["content-type"].startswith("application/problem+json")


def test_keyboard_alone_adds_a_subdomain_and_closes_dialogs(screen):
    s = screen()
    page = s.page
    add = page.get_by_role("button", name="Add Subdomain")
    for _ in range(40):
        page.keyboard.press("Tab")
        if add.evaluate("b => b.getRootNode().activeElement === b"):
            break
    expect(add).to_be_focused()
    page.keyboard.press("Enter")
    dialog = s.dialog()
    expect(dialog.get_by_label("Subdomain")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(add).to_be_focused()
    page.keyboard.press("Enter")
    name = unique_subdomain("keys")
    page.keyboard.type(name)
    page.keyboard.press("Enter")
    expect(s.domain(name)).to_be_visible()


def test_readable_at_320_px(screen):
    s = screen(width=320, height=800)
    name = unique_subdomain("narrow")
    s.add_subdomain(name)
    overflow = s.page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at 320px"
    s.check_accessibility("320 px")
    s.shot("narrow")


def test_the_accessibility_check_catches_a_broken_screen(screen):
    """The axe-core check is not a rubber stamp: an unlabelled control in the shadow root fails it."""
    s = screen()
    s.check_accessibility("before")
    s.page.evaluate("""() => {
        const root = document.querySelector("email-senders").shadowRoot;
        root.querySelector(".content").append(Object.assign(document.createElement("input"), { type: "text" }));
    }""")
    with pytest.raises(AssertionError, match=r"label \((critical|serious)\)"):
        s.check_accessibility("broken on purpose")


def test_a_host_page_embeds_it_and_signs_it_in_with_a_callback(screen):
    """The embedding contract: the host loads /email-senders.js and sets getToken."""
    s = screen()
    token = s.page.evaluate("() => document.querySelector('email-senders').token")
    host = f"{s.base}/a-host-application.html"
    html = f"""<!doctype html><html lang="en"><head><title>Host application</title></head>
      <body><main><h1>Host settings</h1><email-senders></email-senders>
      <script type="module">
        import "/email-senders.js";
        window.tokensAsked = 0;
        document.querySelector("email-senders").getToken = async () => {{
          window.tokensAsked += 1;
          return {json.dumps(token)};
        }};
      </script></main></body></html>"""
    s.page.route(host, lambda route: route.fulfill(status=200, content_type="text/html", body=html))
    s.page.goto(host)
    expect(s.page.get_by_role("heading", name="Senders", exact=True)).to_be_visible()
    expect(s.page.locator("li[data-sender]").first).to_contain_text("Platform default sender")
    assert s.page.evaluate("() => window.tokensAsked") >= 3  # senders, subdomains, suppressions


def test_without_a_dev_session_the_page_waits_for_a_host_to_sign_it_in(screen):
    """Deployed, /_local/dev-session does not exist: the page shows no data and says why."""
    s = screen()
    s.allow_http_errors(404)
    s.page.route("**/_local/dev-session*", lambda route: route.fulfill(status=404, body="Not Found"))
    api_calls = []
    s.page.on("request", lambda r: api_calls.append(r.url) if "/v1/" in r.url else None)
    s.page.reload()
    expect(s.page.get_by_text("Not signed in yet")).to_be_visible()
    expect(s.page.locator("#dev-bar")).to_be_hidden()
    assert api_calls == []
