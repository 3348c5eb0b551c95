"""schemathesis hooks for make test-fuzz (loaded through schemathesis.toml).

The creates the stateful phase starts from rarely succeed with generated data alone: a new
subdomain needs a top-level domain on the Public Suffix List, a new sender an address nobody
holds. So every other schema-valid body of those two creates is made one the API accepts (a
fresh name under example.com, a fresh email sender under example.org). Schema-violating bodies
and the other valid ones stay as generated, so the fuzzer keeps probing the validation. With
these, the stateful phase follows the document's links from each create to every operation on
what it created.

A generated Idempotency-Key is made unique per request (the generator reuses the document's
example key across cases, and the API rightly answers a key reused with another body 422).
"""

import itertools
import re

import schemathesis

counter = itertools.count()

# The header's documented form (functions/api/src/idempotency.rs): 1 to 255 visible ASCII, no '"'.
IDEMPOTENCY_KEY = re.compile(r"[!#-~]{1,255}")

# The document's own patterns (functions/api/src/routes/), to tell valid bodies from the others.
LABEL = r"[A-Za-z0-9]{1,20}(-[A-Za-z0-9]{1,20}){0,2}"
SUBDOMAIN = re.compile(rf"({LABEL}\.){{2,11}}[A-Za-z]{{2,63}}")
ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]"
EMAIL = re.compile(rf"{ATEXT}{{1,21}}(\.{ATEXT}{{1,20}}){{0,2}}@({LABEL}\.){{1,8}}[A-Za-z]{{2,63}}")


def is_email(value):
    return isinstance(value, str) and len(value) <= 254 and EMAIL.fullmatch(value) is not None


def optional_ok(body, key, check):
    return key not in body or body[key] is None or check(body[key])


def valid_domain_body(body):
    return (
        isinstance(body, dict)
        and set(body) == {"name"}
        and isinstance(body["name"], str)
        and len(body["name"]) <= 189
        and SUBDOMAIN.fullmatch(body["name"]) is not None
    )


def valid_sender_body(body):
    if not isinstance(body, dict) or body.get("kind") not in ("subdomain", "email"):
        return False
    allowed = {"kind", "from_email", "display_name", "reply_to"}
    if body["kind"] == "subdomain":
        allowed.add("domain_id")
        if not isinstance(body.get("domain_id"), str):
            return False
    return (
        set(body) <= allowed
        and is_email(body.get("from_email"))
        and optional_ok(body, "reply_to", is_email)
        and optional_ok(body, "display_name", lambda v: isinstance(v, str) and 0 < len(v.strip()) <= 100)
    )


@schemathesis.hook.apply_to(method="POST", path="/v1/domains")
def map_body(ctx, body):
    if valid_domain_body(body):
        n = next(counter)
        if n % 2 == 0:
            return {"name": f"fuzz{n}.example.com"}
    return body


@schemathesis.hook("map_body").apply_to(method="POST", path="/v1/senders")
def valid_email_sender(ctx, body):
    if valid_sender_body(body):
        n = next(counter)
        if n % 2 == 0:
            kept = {k: v for k, v in body.items() if k in ("display_name", "reply_to")}
            return {**kept, "kind": "email", "from_email": f"fuzz{n}@example.org"}
    return body


@schemathesis.hook
def before_call(ctx, case, kwargs):
    """Give a valid generated Idempotency-Key a suffix no other request has.

    Only in positive cases: a negative case (an invalid key, a header left out on purpose) goes
    as generated, and editing it would make schemathesis treat it as positive again.
    """
    if case.meta is not None and case.meta.generation.mode.is_negative:
        return
    headers = case.headers or {}
    key = headers.get("Idempotency-Key")
    if isinstance(key, str) and IDEMPOTENCY_KEY.fullmatch(key):
        suffix = f"-fuzz{next(counter)}"
        headers["Idempotency-Key"] = key[: 255 - len(suffix)] + suffix
