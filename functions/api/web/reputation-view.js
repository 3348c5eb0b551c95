// A sender's reputation over the rolling window: counts, rates against the thresholds, the
// level, and while paused the reason and Resume.
import { h } from "./dom.js";
import { enc } from "./api.js";
import { percent, when } from "./format.js";
import { busy, formAlert, modal, showErrors } from "./forms.js";

export function showReputation(ctx, s) {
  return modal(ctx.root, `Reputation of ${s.from_email}`, (close) => {
    const body = h("div", { class: "dialog-body", "aria-busy": "true" }, h("p", {}, "Loading…"));
    ctx.api.get(`/v1/senders/${enc(s.id)}/reputation`).then((r) => {
      body.removeAttribute("aria-busy");
      body.replaceChildren(reputationView(ctx, s, r, close));
    }).catch((error) => {
      body.removeAttribute("aria-busy");
      body.replaceChildren(h("p", { role: "alert" }, error.detail || error.title));
    });
    return body;
  }, { wide: true });
}

const LEVEL = { healthy: ["green", "✓", "Healthy"], warning: ["yellow", "!", "Warning"], paused: ["red", "✕", "Paused"] };

function reputationView(ctx, s, r, close) {
  const [color, icon, word] = r.paused ? LEVEL.paused : LEVEL[r.level] || ["grey", "?", r.level];
  const alert = formAlert();
  const t = r.thresholds;
  return h("div", {},
    h("p", {}, h("span", { class: `badge badge-${color}` }, h("span", { class: "badge-icon", "aria-hidden": "true" }, icon), " ", word),
      ` Over the last ${r.window.days} days (${r.window.start} to ${r.window.end}).`),
    r.reason && !r.paused ? h("p", { class: "reason" }, r.reason) : null,
    r.paused ? h("p", { class: "next-step" }, `Paused `, when(r.paused.at), `: ${r.paused.reason}`) : null,
    h("table", { class: "numbers" },
      h("caption", {}, "Messages and rates"),
      h("tbody", {},
        row("Sent", r.counts.sends), row("Delivered", r.counts.deliveries),
        row("Hard bounces", r.counts.hard_bounces), row("Soft bounces", r.counts.soft_bounces),
        row("Complaints", r.counts.complaints),
        row("Bounce rate", `${percent(r.bounce_rate)} (warning at ${percent(t.bounce_warning)}, paused at ${percent(t.bounce_pause)})`),
        row("Complaint rate", `${percent(r.complaint_rate)} (warning at ${percent(t.complaint_warning)}, paused at ${percent(t.complaint_pause)})`))),
    h("p", { class: "hint" }, `Rates are judged from ${t.min_volume} messages on.`),
    alert,
    r.paused ? h("div", { class: "actions" }, h("button", { type: "button", class: "primary", onclick: (e) => busy(e.currentTarget, "Resuming…", async () => {
      try {
        await ctx.api.post(`/v1/senders/${enc(s.id)}/resume`);
        ctx.announce(`${s.from_email} resumed.`);
        await ctx.reload();
        close(true);
      } catch (error) { showErrors(alert.parentElement, error); }
    }) }, "Resume sending")) : null);
}

const row = (label, value) => h("tr", {}, h("th", { scope: "row" }, label), h("td", {}, String(value)));
