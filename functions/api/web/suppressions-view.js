// The tenant's suppression list: search, add by hand, remove.
import { h } from "./dom.js";
import { enc } from "./api.js";
import { when } from "./format.js";
import { busy, clearErrors, field, formAlert, showErrors, confirm } from "./forms.js";

const REASON = { hard_bounce: "Hard bounce", complaint: "Complaint" };
const ADDED_BY = { feedback: "SES feedback", admin: "Added by hand" };

export function suppressionsSection(ctx) {
  const list = h("div", { class: "suppression-list" });
  const renderList = () => list.replaceChildren(...table(ctx, renderList));
  const search = h("input", {
    type: "search", id: "suppression-search", "data-key": "suppression-search", value: ctx.state.query,
    oninput: (e) => { ctx.state.query = e.currentTarget.value; renderList(); },
  });
  renderList();
  return h("section", { class: "panel", "aria-labelledby": "suppressions-title" },
    h("div", { class: "panel-head" }, h("h2", { id: "suppressions-title", tabindex: "-1" }, "Suppression list")),
    h("p", { class: "intro" }, "Mail is never sent to these addresses: they bounced for good or complained. Remove one only when you know the address works again."),
    h("div", { class: "field" }, h("label", { for: "suppression-search" }, "Search suppressed addresses"), search),
    addForm(ctx, renderList),
    list);
}

function table(ctx, renderList) {
  const query = ctx.state.query.trim().toLowerCase();
  const rows = ctx.state.suppressions.filter((s) => !query || s.email.toLowerCase().includes(query));
  const status = h("p", { class: "count", role: "status" },
    query ? `${rows.length} of ${ctx.state.suppressions.length} addresses match.` : `${rows.length} suppressed addresses.`);
  if (!rows.length) return [status];
  return [status, h("div", { class: "table-scroll", tabindex: "0", role: "region", "aria-label": "Suppressed addresses" },
    h("table", {},
      h("thead", {}, h("tr", {},
        ["Address", "Reason", "Source", "Last event", "Action"].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, rows.map((s) => h("tr", { "data-email": s.email },
        h("td", { "data-label": "Address" }, h("code", {}, s.email)),
        h("td", { "data-label": "Reason" }, REASON[s.reason] || s.reason, s.diagnostic ? h("span", { class: "hint" }, ` (${s.diagnostic})`) : null),
        h("td", { "data-label": "Source" }, ADDED_BY[s.added_by] || s.added_by),
        h("td", { "data-label": "Last event" }, when(s.last_at)),
        h("td", { "data-label": "Action" }, h("button", {
          type: "button", class: "danger", "aria-label": `Remove ${s.email}`,
          onclick: () => remove(ctx, s, renderList),
        }, "Remove")))))))];
}

async function remove(ctx, s, renderList) {
  const go = await confirm(ctx.root, `Remove ${s.email}?`, "Mail will be sent to this address again. If it still bounces, it comes back on the list.", "Remove");
  if (!go) return;
  try {
    await ctx.api.delete(`/v1/suppressions/${enc(s.email)}`);
    ctx.state.suppressions = ctx.state.suppressions.filter((x) => x.email !== s.email);
    renderList();
    ctx.focusKey("suppression-search");
    ctx.announce(`${s.email} removed from the suppression list.`);
  } catch (error) { ctx.fail(error); }
}

function addForm(ctx, renderList) {
  const submit = h("button", { type: "submit" }, "Add to the list");
  const form = h("form", { class: "inline-form", novalidate: true, "aria-label": "Add an address to the suppression list" },
    formAlert(),
    field({ label: "Address to suppress", name: "email", field: "/email", type: "email", attrs: { autocomplete: "off" } }),
    field({ label: "Reason", name: "reason", field: "/reason", value: "hard_bounce", options: [
      { value: "hard_bounce", label: "Hard bounce" }, { value: "complaint", label: "Complaint" }] }),
    h("div", { class: "actions" }, submit));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(submit, "Adding…", async () => {
      clearErrors(form);
      const data = new FormData(form);
      try {
        const added = await ctx.api.post("/v1/suppressions", { email: String(data.get("email") || "").trim(), reason: data.get("reason") });
        ctx.state.suppressions = [added, ...ctx.state.suppressions.filter((x) => x.email !== added.email)];
        form.reset();
        renderList();
        ctx.announce(`${added.email} added to the suppression list.`);
      } catch (error) { showErrors(form, error); }
    });
  });
  return form;
}
