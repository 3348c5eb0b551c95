// Senders: the platform default first and read-only, then the tenant's; add, edit, delete,
// verify, resend the link.
import { h } from "./dom.js";
import { enc } from "./api.js";
import { STATUS, badge, when } from "./format.js";
import { apiForm, busy, confirm, field, modal } from "./forms.js";
import { showReputation } from "./reputation-view.js";

const KIND = {
  platform_default: "Platform default sender",
  subdomain: "On your subdomain",
  email: "Single address",
};

export function sendersSection(ctx) {
  const { senders } = ctx.state;
  return h("section", { class: "panel", "aria-labelledby": "senders-title" },
    h("div", { class: "panel-head" },
      h("h2", { id: "senders-title", tabindex: "-1" }, "Senders"),
      h("button", { type: "button", class: "primary", "data-key": "add-sender", onclick: () => addSender(ctx) }, "Add Sender")),
    h("ul", { class: "items", "aria-label": "Senders" }, senders.map((s) => senderItem(ctx, s))));
}

function senderItem(ctx, s) {
  const titleId = `sender-${s.id}`;
  const domain = s.domain_id && ctx.state.domains.find((d) => d.id === s.domain_id);
  const linkPending = s.kind === "email" && s.status === "pending";
  return h("li", { class: `item status-${s.status}${s.read_only ? " read-only" : ""}`, "data-sender": s.from_email },
    h("div", { class: "item-head" }, h("h3", { id: titleId }, s.from_header), badge(s.status)),
    h("p", { class: "kind" }, KIND[s.kind] || s.kind, domain ? ` ${domain.name}` : "",
      s.read_only ? h("span", { class: "tag" }, "Read-only") : null),
    h("p", { class: "reason" }, s.status_reason),
    s.read_only
      ? h("p", { class: "no-replies" }, "No direct replies: the platform sends this tenant's mail from its own address when you have no sender of your own, and replies to it are not read. Add a sender to receive replies.")
      : h("dl", { class: "facts" },
        h("dt", {}, "Reply-To"), h("dd", {}, s.reply_to || "replies go to the From address"),
        h("dt", {}, "Added"), h("dd", {}, when(s.created_at))),
    linkPending ? h("p", { class: "next-step" }, `We sent a confirmation link to ${s.from_email}. Open it, then Verify Status. The link expires `,
      when(s.verification_expires_at, "soon"), ".") : null,
    s.status === "expired" ? h("p", { class: "next-step" },
      "It was never verified, so its SES identity was deleted and the address released. Restart claims the address again, if nobody else has taken it meanwhile, and mails a new link.") : null,
    s.read_only ? null : h("div", { class: "actions" },
      h("button", { type: "button", "aria-describedby": titleId, "data-key": `verify-sender-${s.id}`, onclick: (e) => verify(ctx, s, e.currentTarget) }, "Verify Status"),
      linkPending || (s.kind === "email" && s.status === "failed")
        ? h("button", { type: "button", "aria-describedby": titleId, "data-key": `resend-${s.id}`, onclick: (e) => resend(ctx, s, e.currentTarget) }, "Resend link")
        : null,
      s.kind === "email" && s.status === "expired"
        ? h("button", { type: "button", class: "primary", "aria-describedby": titleId, "data-key": `restart-sender-${s.id}`, onclick: (e) => resend(ctx, s, e.currentTarget) }, "Restart")
        : null,
      h("button", { type: "button", "aria-describedby": titleId, "data-key": `edit-${s.id}`, onclick: () => edit(ctx, s) }, "Edit"),
      h("button", { type: "button", "aria-describedby": titleId, "data-key": `reputation-${s.id}`, onclick: () => showReputation(ctx, s) }, "Reputation"),
      h("button", { type: "button", class: "danger", "aria-describedby": titleId, "data-key": `delete-sender-${s.id}`, onclick: () => remove(ctx, s) }, "Delete")));
}

async function verify(ctx, s, button) {
  await busy(button, "Checking…", async () => {
    try {
      const fresh = await ctx.api.post(`/v1/senders/${enc(s.id)}/verify`);
      ctx.replace("senders", fresh);
      ctx.announce(`${fresh.from_email}: ${STATUS[fresh.status]?.word || fresh.status}. ${fresh.status_reason}`);
    } catch (error) { ctx.fail(error); }
  });
}

async function resend(ctx, s, button) {
  await busy(button, "Sending…", async () => {
    try {
      const fresh = await ctx.api.post(`/v1/senders/${enc(s.id)}/resend-verification`);
      ctx.replace("senders", fresh);
      ctx.announce(`A new link is on its way to ${fresh.from_email}.`);
    } catch (error) { ctx.fail(error); }
  });
}

async function remove(ctx, s) {
  const go = await confirm(ctx.root, `Delete ${s.from_email}?`,
    "Mail can no longer be sent from this sender. This cannot be undone.", "Delete sender");
  if (!go) return;
  try {
    await ctx.api.delete(`/v1/senders/${enc(s.id)}`);
    ctx.state.senders = ctx.state.senders.filter((x) => x.id !== s.id);
    ctx.render();
    ctx.focusKey("add-sender");
    ctx.announce(`${s.from_email} deleted.`);
  } catch (error) { ctx.fail(error); }
}

const orNull = (value) => { const v = String(value ?? "").trim(); return v === "" ? null : v; };

function edit(ctx, s) {
  return modal(ctx.root, `Edit ${s.from_email}`, (close) => apiForm({
    submitLabel: "Save",
    busyLabel: "Saving…",
    fields: [
      field({ label: "Display name", name: "display_name", field: "/display_name", value: s.display_name || "", hint: "Shown as the From name, e.g. Example News. Empty: the address alone.", attrs: { autofocus: true } }),
      field({ label: "Reply-To", name: "reply_to", field: "/reply_to", type: "email", value: s.reply_to || "", hint: "Where replies go. Empty: to the From address." }),
    ],
    onSubmit: async (data) => {
      const fresh = await ctx.api.patch(`/v1/senders/${enc(s.id)}`, {
        display_name: orNull(data.get("display_name")),
        reply_to: orNull(data.get("reply_to")),
      });
      ctx.replace("senders", fresh);
      ctx.announce(`${fresh.from_email} saved.`);
      close(fresh);
    },
  }));
}

function addSender(ctx) {
  const verified = ctx.state.domains.filter((d) => d.status === "verified");
  return modal(ctx.root, "Add Sender", (close) => {
    const sub = h("fieldset", { class: "group" },
      h("legend", {}, "From an address on your subdomain"),
      verified.length ? [
        field({ label: "Subdomain", name: "domain_id", field: "/domain_id", required: true, options: verified.map((d) => ({ value: d.id, label: d.name })) }),
        field({ label: "Address (the part before @)", name: "local_part", field: "/from_email", required: true, hint: "e.g. news", suffix: `@${verified[0].name}`, attrs: { autocomplete: "off", spellcheck: "false" } }),
      ] : h("p", { class: "hint" }, "No subdomain is authorized yet: add one and publish its records first, or choose a single address."),
      field({ label: "Display name", name: "display_name", field: "/display_name", hint: "Optional, e.g. Example News." }),
      field({ label: "Reply-To", name: "reply_to", field: "/reply_to", type: "email", hint: "Optional: where replies go." }));
    const single = h("fieldset", { class: "group" },
      h("legend", {}, "A single address"),
      field({ label: "Email address", name: "from_email", field: "/from_email", type: "email", required: true, hint: "We send a confirmation link to it.", attrs: { autocomplete: "off" } }),
      field({ label: "Display name", name: "display_name", field: "/display_name", hint: "Optional." }),
      field({ label: "Reply-To", name: "reply_to", field: "/reply_to", type: "email", hint: "Optional." }));
    const select = sub.querySelector("select");
    const suffix = sub.querySelector(".suffix");
    select?.addEventListener("change", () => { suffix.textContent = `@${select.selectedOptions[0].textContent}`; });
    const kinds = h("fieldset", { class: "kinds" },
      h("legend", {}, "Kind of sender"),
      radio("kind", "subdomain", "On a subdomain you authorized", verified.length > 0),
      radio("kind", "email", "A single address, confirmed by a link we mail to it", verified.length === 0));
    // Only the chosen kind's fields are in the form, so each label names one control.
    const slot = h("div", {});
    const show = (kind) => slot.replaceChildren(kind === "subdomain" ? sub : single);
    kinds.addEventListener("change", (e) => show(e.target.value));
    show(verified.length ? "subdomain" : "email");
    const wrapper = h("div", {});
    const form = apiForm({
      submitLabel: "Add Sender",
      busyLabel: "Adding…",
      fields: [kinds, slot],
      onSubmit: async (data) => {
        const kind = data.get("kind");
        const domain = verified.find((d) => d.id === data.get("domain_id"));
        const body = kind === "subdomain"
          ? { kind, domain_id: data.get("domain_id") || "", from_email: `${String(data.get("local_part") || "").trim()}@${domain ? domain.name : ""}` }
          : { kind, from_email: String(data.get("from_email") || "").trim() };
        const name = orNull(data.get("display_name"));
        const replyTo = orNull(data.get("reply_to"));
        if (name) body.display_name = name;
        if (replyTo) body.reply_to = replyTo;
        const created = await ctx.api.post("/v1/senders", body);
        ctx.state.senders = [...ctx.state.senders.filter((x) => x.id !== created.id), created];
        ctx.render();
        if (created.kind === "email" && created.status !== "verified") {
          wrapper.replaceChildren(checkInbox(ctx, created, close));
          wrapper.querySelector("button")?.focus();
        } else {
          ctx.announce(`${created.from_email} added: ${STATUS[created.status]?.word || created.status}.`);
          close(created);
        }
      },
    });
    wrapper.append(form);
    return wrapper;
  });
}

function radio(name, value, label, checked) {
  const id = `${name}-${value}`;
  return h("div", { class: "radio" },
    h("input", { type: "radio", id, name, value, checked }), h("label", { for: id }, label));
}

/** "We sent a link": Resend, Check now, Done. */
function checkInbox(ctx, sender, close) {
  const note = h("p", { role: "status" });
  const body = h("div", { class: "dialog-body inbox" },
    h("p", { class: "big" }, "Check your inbox"),
    h("p", {}, `We sent a link to ${sender.from_email}. Open it to confirm the address; it expires `, when(sender.verification_expires_at, "in 24 hours"), "."),
    note,
    h("div", { class: "actions" },
      h("button", { type: "button", class: "primary", onclick: (e) => busy(e.currentTarget, "Checking…", async () => {
        try {
          const fresh = await ctx.api.post(`/v1/senders/${enc(sender.id)}/verify`);
          ctx.replace("senders", fresh);
          note.textContent = fresh.status === "verified" ? "Confirmed: the sender is authorized." : `Not confirmed yet: ${fresh.status_reason}`;
        } catch (error) { note.textContent = error.detail || error.title; }
      }) }, "I opened the link: check now"),
      h("button", { type: "button", onclick: (e) => busy(e.currentTarget, "Sending…", async () => {
        try {
          await ctx.api.post(`/v1/senders/${enc(sender.id)}/resend-verification`);
          note.textContent = `A new link is on its way to ${sender.from_email}.`;
        } catch (error) { note.textContent = error.detail || error.title; }
      }) }, "Resend link"),
      h("button", { type: "button", onclick: () => close(sender) }, "Done")));
  return body;
}
