"""Least privilege, checked: each function's IAM grants in infra/template.yaml against the AWS
SDK operations its code calls, both ways.

For every AWS::Serverless::Function of the template (new functions are picked up by
themselves), the function's binary (Metadata.BuildProperties.Binary) is found among the
workspace's crates; its source and that of the workspace crates it depends on (not
dev-dependencies, not `#[cfg(test)]` modules) are read, and the functions reachable from its
`main` are followed by name (an over-approximation: a call `x.verify(..)` reaches every
workspace `fn verify`, so a grant is never found missing that the code might need). In the
reachable bodies, every SDK operation called (`.create_email_identity()` on a client of an
`aws-sdk-*` crate the workspace uses; the operation names come from those crates' sources) is
mapped to the IAM actions it needs:

  - the action of the same name (`create_email_identity` -> `ses:CreateEmailIdentity`);
  - DynamoDB transactions: the actions of the items they carry (`Put::builder()` ->
    `dynamodb:PutItem`, `Update`, `Delete`, `ConditionCheck`), as IAM authorizes them;
  - SESv2 CreateEmailIdentity with tags: `ses:TagResource` too;
  - Scheduler CreateSchedule/UpdateSchedule: `iam:PassRole` (the schedule's role).

The actions the template grants the function (its inline Policies statements, Allow, including
statements under Fn::If) must equal that set: a missing grant fails (the call would be denied
in production) and so does an unused one (more than the function needs). The SES identity
actions that act on an existing identity of this service must carry the ownership tag
condition (aws:ResourceTag/email-senders:service), CreateEmailIdentity the request-tag
condition, and the account-level suppression list is granted only under the
MirrorAccountSuppression condition.

Usage: python infra/iam_check.py [TEMPLATE]        # exit 1 on any difference
       python infra/iam_check.py --self-test       # shows the check fails on altered templates
"""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

from samcli.yamlhelper import yaml_parse

ROOT = Path(__file__).resolve().parent.parent

# The SDK crates whose operations count, with their IAM service prefix.
SDK_PREFIX = {
    "aws-sdk-sesv2": "ses",
    "aws-sdk-dynamodb": "dynamodb",
    "aws-sdk-scheduler": "scheduler",
    "aws-sdk-sqs": "sqs",
    "aws-sdk-sns": "sns",
    "aws-sdk-eventbridge": "events",
    "aws-sdk-cloudwatch": "cloudwatch",
}
# IAM has no action for a transaction: it authorizes each item's own action.
NO_ACTION = {"dynamodb:TransactWriteItems"}
TRANSACT_ITEMS = {
    "Put": "dynamodb:PutItem",
    "Update": "dynamodb:UpdateItem",
    "Delete": "dynamodb:DeleteItem",
    "ConditionCheck": "dynamodb:ConditionCheckItem",
}
IMPLIED = {
    "dynamodb:TransactGetItems": ["dynamodb:GetItem"],
    "scheduler:CreateSchedule": ["iam:PassRole"],
    "scheduler:UpdateSchedule": ["iam:PassRole"],
}
# The ownership tag of tags.rs (SERVICE_KEY) and the actions it must guard.
OWNERSHIP_TAG = "email-senders:service"
RESOURCE_TAG_GUARDED = {"ses:DeleteEmailIdentity", "ses:PutEmailIdentityMailFromAttributes"}
REQUEST_TAG_GUARDED = {"ses:CreateEmailIdentity", "ses:TagResource"}
ACCOUNT_SUPPRESSION = {
    "ses:PutSuppressedDestination",
    "ses:DeleteSuppressedDestination",
    "ses:GetSuppressedDestination",
}
MIRROR_CONDITION = "MirrorsAccountSuppression"
# A Query of a secondary index is authorized on the index's ARN (`<table>/index/<name>`): the
# check tells it from a Query of the table by `.index_name(` in the calling function, and a
# grant on a Resource naming `/index/` as this pseudo-action.
QUERY_INDEX = "dynamodb:Query(index)"


def pascal(snake: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in snake.split("_"))


# ---------------------------------------------------------------------------------------------
# The workspace: crates, their sources, the SDK operations
# ---------------------------------------------------------------------------------------------


def metadata() -> dict:
    out = subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--offline"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout
    return json.loads(out)


def sdk_operations(meta: dict) -> dict[str, set[str]]:
    """snake_case operation -> the IAM prefixes of the SDK crates that have it."""
    ops: dict[str, set[str]] = {}
    for package in meta["packages"]:
        prefix = SDK_PREFIX.get(package["name"])
        if not prefix:
            continue
        operations = Path(package["manifest_path"]).parent / "src" / "operation"
        for entry in operations.iterdir():
            if entry.is_dir():
                ops.setdefault(entry.name, set()).add(prefix)
    return ops


def strip_tests(source: str) -> str:
    """The source without `#[cfg(test)]` items (test modules and test-only functions)."""
    out, i = [], 0
    for match in re.finditer(r"#\[cfg\(test\)\]", source):
        if match.start() < i:
            continue
        out.append(source[i : match.start()])
        brace = source.find("{", match.end())
        semi = source.find(";", match.end())
        if semi != -1 and (brace == -1 or semi < brace):
            i = semi + 1
            continue
        depth, j = 0, brace
        while j < len(source):
            if source[j] == "{":
                depth += 1
            elif source[j] == "}":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        i = j + 1
    out.append(source[i:])
    return "".join(out)


def strip_comments(source: str) -> str:
    source = re.sub(r"/\*.*?\*/", "", source, flags=re.S)
    return re.sub(r"//[^\n]*", "", source)


class Fn:
    """A function with a body: its name, the type of the `impl` it is in (None for free
    functions and trait default methods) and its text from `fn` to the closing brace."""

    def __init__(self, name, owner, trait, body, path, file_text):
        self.name, self.owner, self.trait = name, owner, trait
        self.body, self.path, self.file_text = body, path, file_text
        header = body[: body.find("{")]
        # Parameters typed with a workspace type or trait (`ses: Arc<dyn EmailIdentities>`).
        self.params = {n: core_type(t) for n, t in re.findall(r"(\w+)\s*:\s*([^,()]+(?:\([^)]*\))?)", header)}
        # Destructured extractors: `State(state): State<AppState>`.
        self.params.update(dict(re.findall(r"\w+\(\s*(\w+)\s*\)\s*:\s*\w+<\s*(\w+)\s*>", header)))
        self.mentions = set(re.findall(r"\b([A-Z][A-Za-z0-9]*)\b", body))


def block_end(text: str, brace: int) -> int:
    depth, j = 0, brace
    while j < len(text):
        if text[j] == "{":
            depth += 1
        elif text[j] == "}":
            depth -= 1
            if depth == 0:
                return j
        j += 1
    return len(text) - 1


def impl_owner(header: str) -> tuple[str, str | None]:
    """`impl<T> Trait for Type<T>` -> (`Type`, `Trait`); `impl Type` -> (`Type`, None)."""
    trait = None
    if " for " in header:
        trait, header = header.split(" for ", 1)
        trait = re.sub(r"<.*", "", trait.strip()).split("::")[-1].strip()
    header = re.sub(r"<.*", "", header.strip())
    return header.split("::")[-1].strip(), trait


WRAPPERS = {"Arc", "Option", "Box", "Rc", "Vec", "Mutex", "RwLock", "Result", "Self"}


def core_type(text: str) -> str | None:
    """The workspace type a field or parameter holds: `Option<Arc<dyn DnsLookup>>` -> DnsLookup."""
    dyn = re.search(r"\b(?:dyn|impl)\s+(\w+)", text)
    if dyn:
        return dyn.group(1)
    names = [n for n in re.findall(r"\b([A-Z]\w*)", text) if n not in WRAPPERS]
    return names[-1] if names else None


def structs_in(path: Path) -> dict[str, dict[str, str]]:
    text = strip_comments(strip_tests(path.read_text(encoding="utf-8")))
    found = {}
    for match in re.finditer(r"\bstruct\s+(\w+)(?:<[^{;]*?>)?\s*\{", text):
        body = text[match.end() : block_end(text, match.end() - 1)]
        fields = {}
        for field, kind in re.findall(r"(?:pub(?:\([^)]*\))?\s+)?(\w+)\s*:\s*([^,]+)", body):
            if core_type(kind):
                fields[field] = core_type(kind)
        found[match.group(1)] = fields
    return found


def functions_in(path: Path) -> list[Fn]:
    text = strip_comments(strip_tests(path.read_text(encoding="utf-8")))
    impls = []
    for match in re.finditer(r"\bimpl\b(?:\s*<[^{]*?>)?\s+([^{;]+?)\s*\{", text):
        brace = match.end() - 1
        impls.append((brace, block_end(text, brace), impl_owner(match.group(1))))
    for match in re.finditer(r"\btrait\s+(\w+)[^{;]*\{", text):
        brace = match.end() - 1
        impls.append((brace, block_end(text, brace), (None, match.group(1))))
    found = []
    for match in re.finditer(r"\bfn\s+(\w+)", text):
        brace = text.find("{", match.end())
        semi = text.find(";", match.end())
        if brace == -1 or (semi != -1 and semi < brace):
            continue  # a declaration without a body (trait method)
        owner, trait = None, None
        for start, end, (name, of_trait) in impls:
            if start < match.start() < end:
                owner, trait = name, of_trait
        body = text[match.start() : block_end(text, brace) + 1]
        found.append(Fn(match.group(1), owner, trait, body, path, text))
    # An item-level macro invocation (`routes! { "/v1/domains" => { post: domains::create } }`)
    # counts as a function of the macro's name: the `fn routes()` the macro defines reaches it.
    for match in re.finditer(r"(?m)^\s*(\w+)!\s*\{", text):
        brace = match.end() - 1
        body = "fn " + match.group(1) + "() " + text[brace : block_end(text, brace) + 1]
        found.append(Fn(match.group(1), None, None, body, path, text))
    return found


def crate_closure(meta: dict, package_id: str) -> list[dict]:
    """The package and the workspace packages it depends on (normal dependencies only)."""
    members = {p["id"]: p for p in meta["packages"] if p["id"] in meta["workspace_members"]}
    by_name = {p["name"]: p for p in members.values()}
    seen, todo = {}, [members[package_id]]
    while todo:
        package = todo.pop()
        if package["id"] in seen:
            continue
        seen[package["id"]] = package
        for dep in package["dependencies"]:
            if dep.get("kind") is None and dep["name"] in by_name:
                todo.append(by_name[dep["name"]])
    return list(seen.values())


def binary_package(meta: dict, binary: str) -> tuple[dict, Path]:
    for package in meta["packages"]:
        if package["id"] not in meta["workspace_members"]:
            continue
        for target in package["targets"]:
            if "bin" in target["kind"] and target["name"] == binary:
                return package, Path(target["src_path"])
    raise SystemExit(f"iam_check: no workspace binary named {binary}")


def called_actions(meta: dict, binary: str, ops: dict[str, set[str]]) -> dict[str, set[str]]:
    """IAM action -> where the code calls it, for everything reachable from the binary's main."""
    package, main = binary_package(meta, binary)
    fns: dict[str, list[Fn]] = {}
    for crate in crate_closure(meta, package["id"]):
        src = Path(crate["manifest_path"]).parent / "src"
        for path in sorted(src.rglob("*.rs")):
            if path.name == "main.rs" and path != main:
                continue  # another binary's entry point
            for fn in functions_in(path):
                fns.setdefault(fn.name, []).append(fn)
    structs: dict[str, dict[str, str]] = {}
    for crate in crate_closure(meta, package["id"]):
        for path in (Path(crate["manifest_path"]).parent / "src").rglob("*.rs"):
            structs.update(structs_in(path))
    everything = [fn for group in fns.values() for fn in group]
    # Ports: workspace traits held as `dyn Trait`; their adapters are reached only through a
    # call on a receiver of that trait (`self.ses.get(..)` where `ses: Arc<dyn EmailIdentities>`).
    source = "\n".join(fn.file_text for fn in everything)
    ports = {t for t in {fn.trait for fn in everything if fn.trait} if re.search(rf"\bdyn\s+{t}\b", source)}

    def binding_type(fn: Fn, name: str) -> str | None:
        fields = structs.get(fn.owner or "", {})
        if name == "self":
            return fn.owner
        if name in fn.params:
            return fn.params[name]
        # `if let Some(x) = &self.f`, `let x = &self.f`, `match &self.f { Some(x) ..`
        for pattern in (
            rf"Some\(\s*{name}\s*\)\s*=\s*&?\s*self\.(\w+)",
            rf"let\s+{name}\s*=\s*&?\s*self\.(\w+)",
            rf"match\s+&?\s*self\.(\w+)[^{{]*\{{\s*Some\(\s*{name}\s*\)",
        ):
            bound = re.search(pattern, fn.body)
            if bound:
                return fields.get(bound.group(1))
        return None

    def receiver_type(fn: Fn, receiver: str) -> str | None:
        """`self`, a parameter or a binding, then fields: `state.domains` -> Domains."""
        first, *fields = receiver.split(".")
        kind = binding_type(fn, first)
        for field in fields:
            kind = structs.get(kind or "", {}).get(field)
        return kind

    def targets(fn: Fn, mentioned: set[str]):
        body = fn.body[fn.body.find("{") :]
        for receiver, name in re.findall(r"((?:\w+\s*\.\s*)*\w+)\s*\.\s*(\w+)\s*(?:::\s*<[^>]*>\s*)?\(", body):
            kind = receiver_type(fn, re.sub(r"\s", "", receiver))
            for other in fns.get(name, []):
                if kind is not None:
                    if other.owner == kind or other.trait == kind:
                        yield other
                elif other.trait not in ports and (other.owner is None or other.owner in fn.mentions):
                    # An unknown receiver (a value a call returned): the types this function
                    # names are the candidates.
                    yield other
        for path, name in re.findall(r"(?=\b(\w+)\s*::\s*([a-z_]\w*)\b)", body):
            owner = fn.owner if path == "Self" else path
            for other in fns.get(name, []):
                if other.owner == owner or other.owner is None:
                    yield other
        for name in re.findall(r"(?<![.:\w])([a-z_]\w*)\s*\(", body):
            for other in fns.get(name, []):
                if other.owner is None:
                    yield other
        for name in re.findall(r"[(,]\s*([a-z_]\w*)\s*[,)]", body):
            for other in fns.get(name, []):
                if other.owner is None:
                    yield other

    reached = [fn for fn in fns.get("main", []) if fn.path == main]
    seen = {id(fn) for fn in reached}
    changed = True
    while changed:
        changed = False
        mentioned = {m for fn in reached for m in re.findall(r"\b([A-Z][A-Za-z0-9]*)\b", fn.body)}
        grow = list(mentioned)  # and what the mentioned types hold
        while grow:
            for held in structs.get(grow.pop(), {}).values():
                if held not in mentioned:
                    mentioned.add(held)
                    grow.append(held)
        for fn in list(reached):
            for other in targets(fn, mentioned):
                if id(other) not in seen:
                    seen.add(id(other))
                    other.via = fn
                    reached.append(other)
                    changed = True
    if os.environ.get("IAM_CHECK_TRACE") == binary:
        for fn in reached:
            via = getattr(fn, "via", None)
            via = f"{via.owner or ''}::{via.name}" if via else "-"
            print(f"    reached {fn.owner or ''}::{fn.name} ({fn.path.relative_to(ROOT)}) from {via}")
    actions: dict[str, set[str]] = {}

    def add(action: str, fn: Fn) -> None:
        where = f"{fn.path.relative_to(ROOT)}:{fn.name}"
        actions.setdefault(action, set()).add(where)

    for fn in reached:
        for op in re.findall(r"\.\s*([a-z][a-z0-9_]*)\s*\(\s*\)", fn.body):
            prefixes = ops.get(op)
            if not prefixes:
                continue
            if len(prefixes) > 1:  # e.g. tag_resource: the client's crate named in the file
                prefixes = {
                    p for crate, p in SDK_PREFIX.items()
                    if p in prefixes and crate.replace("-", "_") in fn.file_text
                }
            for prefix in prefixes:
                action = f"{prefix}:{pascal(op)}"
                if action == "dynamodb:Query" and ".index_name(" in fn.body:
                    action = QUERY_INDEX  # granted on the table's index ARN, not the table
                if action not in NO_ACTION:
                    add(action, fn)
                for implied in IMPLIED.get(action, []):
                    add(implied, fn)
                if action == "ses:CreateEmailIdentity" and re.search(r"\.(set_)?tags\(", fn.body):
                    add("ses:TagResource", fn)
        if "aws_sdk_dynamodb" in fn.file_text:
            for item in re.findall(r"\b(Put|Update|Delete|ConditionCheck)::builder\(", fn.body):
                add(TRANSACT_ITEMS[item], fn)
    return actions


# ---------------------------------------------------------------------------------------------
# The template: what each function is granted
# ---------------------------------------------------------------------------------------------


class Grant:
    def __init__(self, action: str, statement: dict, condition: str | None):
        self.action, self.statement, self.condition = action, statement, condition


def statements(policy, condition=None):
    """(statement, template condition it is under) for a Policies entry or statement list."""
    if isinstance(policy, dict) and "Fn::If" in policy:
        name, then, otherwise = policy["Fn::If"]
        yield from statements(then, name)
        yield from statements(otherwise, f"!{name}")
    elif isinstance(policy, dict) and policy.get("Ref") == "AWS::NoValue":
        return
    elif isinstance(policy, dict) and "Statement" in policy:
        for statement in policy["Statement"]:
            yield from statements(statement, condition)
    elif isinstance(policy, list):
        for statement in policy:
            yield from statements(statement, condition)
    elif isinstance(policy, dict) and "Effect" in policy:
        yield policy, condition
    else:
        raise SystemExit(
            f"iam_check: a policy that is not an inline statement: {policy!r} "
            "(write the statements out so they can be checked)"
        )


def granted(function: dict) -> list[Grant]:
    grants = []
    for statement, condition in statements(function["Properties"].get("Policies", [])):
        if statement.get("Effect") != "Allow":
            continue
        action = statement["Action"]
        resources = json.dumps(statement.get("Resource"))
        for a in [action] if isinstance(action, str) else action:
            if a == "dynamodb:Query" and "/index/" in resources:
                a = QUERY_INDEX
            grants.append(Grant(a, statement, condition))
    return grants


def tag_condition(statement: dict, key: str) -> str | None:
    for operator, pairs in (statement.get("Condition") or {}).items():
        if operator.startswith("StringEquals") and f"{key}/{OWNERSHIP_TAG}" in pairs:
            return pairs[f"{key}/{OWNERSHIP_TAG}"]
    return None


def check(template: dict, meta: dict, ops: dict[str, set[str]], verbose: bool = False) -> list[str]:
    service = re.search(
        r'DEFAULT_SERVICE: &str = "([^"]+)"',
        (ROOT / "shared/src/ownership/tags.rs").read_text(encoding="utf-8"),
    ).group(1)
    problems = []
    functions = {
        name: resource for name, resource in template["Resources"].items()
        if resource.get("Type") == "AWS::Serverless::Function"
    }
    if not functions:
        problems.append("no AWS::Serverless::Function in the template")
    for name, function in sorted(functions.items()):
        binary = function.get("Metadata", {}).get("BuildProperties", {}).get("Binary")
        if not binary:
            problems.append(f"{name}: no Metadata.BuildProperties.Binary")
            continue
        if binary not in CALLED:  # the code is the same for every template checked
            CALLED[binary] = called_actions(meta, binary, ops)
        needed = CALLED[binary]
        grants = granted(function)
        have = {g.action for g in grants}
        for action in sorted(set(needed) - have):
            where = ", ".join(sorted(needed[action]))
            problems.append(f"{name}: calls {action} (in {where}) but is not granted it")
        for action in sorted(have - set(needed)):
            problems.append(f"{name}: is granted {action}, which its code never calls")
        for grant in grants:
            if "*" in grant.action:
                problems.append(f"{name}: wildcard action {grant.action}")
            if grant.action in RESOURCE_TAG_GUARDED and tag_condition(grant.statement, "aws:ResourceTag") != service:
                problems.append(
                    f"{name}: {grant.action} without Condition StringEquals "
                    f"aws:ResourceTag/{OWNERSHIP_TAG}: {service}"
                )
            if grant.action in REQUEST_TAG_GUARDED and tag_condition(grant.statement, "aws:RequestTag") != service:
                problems.append(
                    f"{name}: {grant.action} without Condition StringEquals "
                    f"aws:RequestTag/{OWNERSHIP_TAG}: {service}"
                )
            if grant.action in ACCOUNT_SUPPRESSION and grant.condition != MIRROR_CONDITION:
                problems.append(
                    f"{name}: {grant.action} (the account-level suppression list) is granted "
                    f"outside the {MIRROR_CONDITION} condition"
                )
        if verbose:
            print(f"  {name} ({binary}): {len(needed)} actions called, {len(have)} granted")
    return problems


CALLED: dict[str, dict[str, set[str]]] = {}


def load(path: Path) -> dict:
    return yaml_parse(path.read_text(encoding="utf-8"))


def self_test(template: dict, meta: dict, ops: dict[str, set[str]]) -> int:
    """The check must pass on the template and fail on each alteration below."""
    if check(template, meta, ops):
        print("self-test: the template itself does not pass; run without --self-test")
        return 1
    functions = [n for n, r in template["Resources"].items() if r.get("Type") == "AWS::Serverless::Function"]

    def drop_first_action(t):
        statement, _ = next(statements(t["Resources"][functions[0]]["Properties"]["Policies"]))
        action = statement["Action"]
        statement["Action"] = action[1:] if isinstance(action, list) and len(action) > 1 else "sqs:SendMessage"

    def add_unused(t):
        t["Resources"][functions[-1]]["Properties"]["Policies"].append(
            {"Statement": [{"Effect": "Allow", "Action": "ses:DeleteEmailIdentity", "Resource": "*"}]}
        )

    def drop_tag_conditions(t):
        for name in functions:
            for statement, _ in statements(t["Resources"][name]["Properties"].get("Policies", [])):
                statement.pop("Condition", None)

    def unconditional_mirror(t):
        for name in functions:
            policies = t["Resources"][name]["Properties"].get("Policies", [])
            for i, policy in enumerate(policies):
                if isinstance(policy, dict) and "Fn::If" in policy:
                    policies[i] = policy["Fn::If"][1]

    failures = 0
    for alteration in (drop_first_action, add_unused, drop_tag_conditions, unconditional_mirror):
        altered = copy.deepcopy(template)
        alteration(altered)
        problems = check(altered, meta, ops)
        verdict = "fails as it must" if problems else "PASSES: the check is blind to it"
        print(f"self-test {alteration.__name__}: {verdict}", file=sys.stderr if not problems else sys.stdout)
        for problem in problems[:3]:
            print(f"    {problem}")
        failures += 0 if problems else 1
    return 1 if failures else 0


def main() -> int:
    args = sys.argv[1:]
    testing = "--self-test" in args
    args = [a for a in args if a != "--self-test"]
    path = Path(args[0]) if args else ROOT / "infra" / "template.yaml"
    template = load(path)
    meta = metadata()
    ops = sdk_operations(meta)
    if testing:
        return self_test(template, meta, ops)
    print(f"==> IAM grants of {path.name} against the SDK calls of each function")
    problems = check(template, meta, ops, verbose=True)
    for problem in problems:
        print(f"  FAIL {problem}")
    if problems:
        print(f"IAM check: {len(problems)} difference(s)")
        return 1
    print("IAM check: OK (every function is granted exactly what its code calls)")
    return 0


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
