// Sending subdomains: status, the 72-hour window, Verify Status, Restart, the DNS records.
import { h } from "./dom.js";
import { enc } from "./api.js";
import { STATUS, badge, when, timeLeft } from "./format.js";
import { bindZone, csv, mailto, plainText, purposeLabel } from "./records.js";
import { apiForm, busy, confirm, field, modal } from "./forms.js";

export function domainsSection(ctx) {
  const { domains } = ctx.state;
  return h("section", { class: "panel", "aria-labelledby": "domains-title" },
    h("div", { class: "panel-head" },
      h("h2", { id: "domains-title", tabindex: "-1" }, "Sending subdomains"),
      h("button", { type: "button", class: "primary", "data-key": "add-domain", onclick: () => addDomain(ctx) }, "Add Subdomain")),
    h("p", { class: "intro" }, "Send from your own domain: add a subdomain such as marketing.example.com, hand its DNS records to your IT team, then check its status."),
    domains.length
      ? h("ul", { class: "items", "aria-label": "Subdomains" }, domains.map((d) => domainItem(ctx, d)))
      : h("p", { class: "empty" }, "No subdomains yet."));
}

function domainItem(ctx, d) {
  const open = ctx.state.openRecords.has(d.id);
  const titleId = `domain-${d.id}`;
  const left = d.status === "pending" ? timeLeft(d.verification_deadline) : null;
  const windowFact = d.status === "pending"
    ? [h("dt", {}, "Time left to publish"), h("dd", { class: "time-left" }, left
      ? `${left} of the 72-hour window (until `
      : "The 72-hour window has passed (at ", when(d.verification_deadline), ")")]
    : null;
  return h("li", { class: `item status-${d.status}`, "data-domain": d.name },
    h("div", { class: "item-head" }, h("h3", { id: titleId }, d.name), badge(d.status)),
    h("p", { class: "reason" }, d.status_reason),
    h("dl", { class: "facts" },
      h("dt", {}, "Last checked"), h("dd", {}, when(d.last_checked_at, "not yet")),
      windowFact,
      h("dt", {}, "MAIL FROM domain"), h("dd", {}, d.mail_from_domain)),
    d.status === "failed" ? h("p", { class: "next-step" },
      "SES stopped checking. Make sure every record below is published exactly as shown, then Restart: it starts a new 72-hour window with new DKIM records.") : null,
    d.status === "expired" ? h("p", { class: "next-step" },
      "It was never verified, so its SES identity was deleted and its name released. Restart claims the name again, if nobody else has taken it meanwhile, with new DNS records and a new 72-hour window.") : null,
    h("div", { class: "actions" },
      d.status === "expired" ? null : h("button", {
        type: "button", "aria-expanded": String(open), "aria-controls": `records-${d.id}`,
        "aria-describedby": titleId, "data-key": `records-${d.id}`,
        onclick: () => {
          ctx.state.openRecords[open ? "delete" : "add"](d.id);
          if (open) dnsChecks(ctx).delete(d.id); // opening again looks again
          ctx.render();
        },
      }, open ? "Hide DNS records" : "Show DNS records"),
      d.status === "expired" ? null : h("button", { type: "button", "aria-describedby": titleId, "data-key": `verify-domain-${d.id}`, onclick: (e) => verify(ctx, d, e.currentTarget) }, "Verify Status"),
      d.status === "failed" || d.status === "expired"
        ? h("button", { type: "button", class: "primary", "aria-describedby": titleId, "data-key": `restart-${d.id}`, onclick: (e) => restart(ctx, d, e.currentTarget) }, "Restart")
        : null,
      h("button", { type: "button", class: "danger", "aria-describedby": titleId, "data-key": `delete-domain-${d.id}`, onclick: () => remove(ctx, d) }, "Delete")),
    open && d.status !== "expired" ? recordsPanel(ctx, d) : null);
}

async function verify(ctx, d, button) {
  await busy(button, "Checking…", async () => {
    try {
      const fresh = await ctx.api.post(`/v1/domains/${enc(d.id)}/verify`);
      ctx.replace("domains", fresh);
      ctx.announce(`${fresh.name}: ${STATUS[fresh.status]?.word || fresh.status}. ${fresh.status_reason}`);
    } catch (error) { ctx.fail(error); }
  });
}

async function restart(ctx, d, button) {
  const go = await confirm(ctx.root, `Restart ${d.name}?`,
    "SES creates the identity again with new DKIM records: your IT team must publish the new records. A new 72-hour window starts.", "Restart");
  if (!go) return;
  await busy(button, "Restarting…", async () => {
    try {
      const fresh = await ctx.api.post(`/v1/domains/${enc(d.id)}/restart`);
      ctx.state.openRecords.add(fresh.id);
      dnsChecks(ctx).delete(fresh.id); // new DKIM records: the old checks are about other records
      ctx.replace("domains", fresh);
      ctx.announce(`${fresh.name} restarted: publish the new records.`);
    } catch (error) { ctx.fail(error); }
  });
}

async function remove(ctx, d) {
  const go = await confirm(ctx.root, `Delete ${d.name}?`,
    "Its SES identity is deleted and nobody can send from it any more. Senders on it must be deleted first.", "Delete subdomain");
  if (!go) return;
  try {
    await ctx.api.delete(`/v1/domains/${enc(d.id)}`);
    ctx.state.domains = ctx.state.domains.filter((x) => x.id !== d.id);
    ctx.render();
    ctx.focusKey("add-domain");
    ctx.announce(`${d.name} deleted.`);
  } catch (error) { ctx.fail(error); }
}

function addDomain(ctx) {
  return modal(ctx.root, "Add Subdomain", (close) => apiForm({
    submitLabel: "Add Subdomain",
    busyLabel: "Adding…",
    fields: [field({
      label: "Subdomain", name: "name", field: "/name", required: true,
      hint: "A subdomain you control, e.g. marketing.example.com. Not the bare domain: its mail stays separate.",
      attrs: { autocomplete: "off", spellcheck: "false", autofocus: true },
    })],
    onSubmit: async (data) => {
      const created = await ctx.api.post("/v1/domains", { name: String(data.get("name") || "").trim() });
      ctx.state.domains = [created, ...ctx.state.domains.filter((x) => x.id !== created.id)];
      ctx.state.openRecords.add(created.id);
      ctx.render();
      ctx.announce(`${created.name} added. Hand its DNS records to your IT team.`);
      close(created);
      ctx.focusKey(`records-${created.id}`);
    },
  }));
}

// The live DNS check per record: `state.dnsChecks` maps a subdomain id to
// { items (dns-records' answer) | null, loading, checking, failed }.
const CHECK = {
  ok: { icon: "✓", word: "OK", color: "green" },
  missing: { icon: "✕", word: "Missing", color: "red" },
  wrong: { icon: "✕", word: "Wrong", color: "red" },
  warning: { icon: "!", word: "Warning", color: "yellow" },
};

function dnsChecks(ctx) {
  ctx.state.dnsChecks ||= new Map();
  return ctx.state.dnsChecks;
}

const recordKey = (r) => `${r.type}|${String(r.name).toLowerCase()}|${r.value}`;

/** GET dns-records once per opening of the panel (the API serves a stored check under 5 min old). */
function loadChecks(ctx, d) {
  const entry = { items: null, loading: true, checking: false, failed: false };
  dnsChecks(ctx).set(d.id, entry);
  (async () => {
    try {
      const listed = await ctx.api.get(`/v1/domains/${enc(d.id)}/dns-records`);
      entry.items = listed?.items || [];
    } catch (error) {
      entry.failed = true;
      ctx.fail(error);
    } finally {
      entry.loading = false;
      if (dnsChecks(ctx).get(d.id) === entry) ctx.render();
    }
  })();
  return entry;
}

async function checkNow(ctx, d, button) {
  const entry = dnsChecks(ctx).get(d.id) || loadChecks(ctx, d);
  if (entry.checking) return;
  entry.checking = true;
  await busy(button, "Checking DNS…", async () => {
    try {
      const listed = await ctx.api.post(`/v1/domains/${enc(d.id)}/dns-check`);
      entry.items = listed?.items || [];
      entry.failed = false;
      const bad = entry.items.filter((r) => r.check && (r.check.state === "missing" || r.check.state === "wrong")).length;
      ctx.announce(`DNS checked for ${d.name}: ${bad ? `${bad} record${bad === 1 ? "" : "s"} to fix` : "no record to fix"}.`);
    } catch (error) { ctx.fail(error); } finally { entry.checking = false; entry.loading = false; }
  });
  if (dnsChecks(ctx).get(d.id) === entry) ctx.render();
}

function checkCell(entry, check) {
  if (!entry || entry.loading) return h("span", { class: "check-pending" }, "Checking…");
  if (!check) return h("span", { class: "check-none" }, entry.failed ? "Could not check" : "Not checked");
  const c = CHECK[check.state] || { icon: "?", word: check.state, color: "grey" };
  return [
    h("span", { class: `check-state check-${c.color}`, "data-check": check.state },
      h("span", { class: "check-icon", "aria-hidden": "true" }, c.icon), " ", c.word),
    check.state !== "ok" && check.fix ? h("p", { class: "check-fix" }, check.fix) : null,
  ];
}

function recordsPanel(ctx, d) {
  const records = d.records || [];
  const entry = dnsChecks(ctx).get(d.id) || loadChecks(ctx, d);
  const checks = new Map((entry.items || []).map((r) => [recordKey(r), r.check]));
  const checkOf = (r) => checks.get(recordKey(r)) || null;
  const advice = (entry.items || []).flatMap((r) => r.check?.advice || []);
  const checkedAt = (entry.items || []).map((r) => r.check?.checked_at).filter(Boolean).sort().pop();
  const zone = bindZone(d.name, records);
  const text = plainText(d.name, records);
  const slug = d.name.replace(/[^a-z0-9.-]/gi, "_");
  return h("div", { class: "records", id: `records-${d.id}` },
    h("h4", {}, `DNS records for ${d.name}`),
    h("p", { class: "hint" }, "Your IT team publishes these at your DNS provider. DKIM and MAIL FROM are required; DMARC is recommended."),
    h("div", { class: "table-scroll", tabindex: "0", role: "region", "aria-label": `DNS records for ${d.name}` },
      h("table", {},
        h("thead", {}, h("tr", {},
          h("th", { scope: "col" }, "Purpose"), h("th", { scope: "col" }, "Type"),
          h("th", { scope: "col" }, "Name"), h("th", { scope: "col" }, "Value"), h("th", { scope: "col" }, "Priority"),
          h("th", { scope: "col" }, "Check"))),
        h("tbody", {}, records.map((r, i) => h("tr", {},
          h("td", { "data-label": "Purpose" }, purposeLabel(r.purpose)),
          h("td", { "data-label": "Type" }, r.type),
          h("td", { "data-label": "Name" }, h("code", {}, r.name), " ",
            copyButton(ctx, r.name, `Copy name of record ${i + 1} (${r.type})`, "Copy")),
          h("td", { "data-label": "Value" }, h("code", { class: "record-value" }, r.value), " ",
            copyButton(ctx, r.value, `Copy value of record ${i + 1} (${r.type})`, "Copy")),
          h("td", { "data-label": "Priority" }, r.priority ?? "—"),
          h("td", { "data-label": "Check", class: "check" }, checkCell(entry, checkOf(r)))))))),
    h("div", { class: "dns-check" },
      h("button", {
        type: "button", "data-key": `dns-check-${d.id}`, "aria-describedby": `dns-checked-${d.id}`,
        "aria-disabled": entry.checking ? "true" : undefined, class: entry.checking ? "busy" : undefined,
        onclick: (e) => checkNow(ctx, d, e.currentTarget),
      }, entry.checking ? "Checking DNS…" : "Check DNS now"),
      h("p", { class: "hint", id: `dns-checked-${d.id}` }, checkedAt
        ? ["DNS last looked at ", when(checkedAt), ". A change may take a few minutes to show."]
        : "Looks up each record in public DNS now; SES is not asked.")),
    advice.length ? h("div", { class: "advice" },
      h("h5", {}, "Advice"),
      h("ul", {}, advice.map((a) => h("li", { "data-advice": a.code }, a.message)))) : null,
    h("div", { class: "actions" },
      copyButton(ctx, zone, null, "Copy all records"),
      h("a", { class: "button", download: `${slug}.zone`, href: `data:text/plain;charset=utf-8,${encodeURIComponent(zone)}` }, "Download BIND zone"),
      h("a", { class: "button", download: `${slug}.csv`, href: `data:text/csv;charset=utf-8,${encodeURIComponent(csv(records))}` }, "Download CSV"),
      h("a", { class: "button", href: mailto(d.name, records) }, "Email the records to IT")),
    h("details", { class: "paste" },
      h("summary", {}, "Text to paste into a message to IT"),
      h("label", { for: `paste-${d.id}` }, "Message text"),
      h("textarea", { id: `paste-${d.id}`, readonly: true, rows: "10" }, text),
      copyButton(ctx, text, null, "Copy message")));
}

function copyButton(ctx, text, label, visible) {
  return h("button", {
    type: "button", class: "copy", "aria-label": label || undefined,
    onclick: async (event) => {
      const button = event.currentTarget;
      const ok = await copy(text, ctx.root);
      ctx.announce(ok ? "Copied to the clipboard." : "Copying failed: select the text and copy it by hand.");
      if (ok) { button.classList.add("copied"); setTimeout(() => button.classList.remove("copied"), 1500); }
    },
  }, visible);
}

async function copy(text, root) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = h("textarea", { class: "offscreen", "aria-hidden": "true", tabindex: "-1" }, text);
    root.append(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    return ok;
  }
}
