// Words, icons and times: colour is never the only signal.
import { h } from "./dom.js";

export const STATUS = {
  verified: { word: "Authorized", icon: "✓", color: "green", meaning: "SES verified it: mail can be sent." },
  pending: { word: "Pending", icon: "…", color: "yellow", meaning: "Waiting for DNS records or a confirmation link; checked again automatically." },
  failed: { word: "Rejected", icon: "✕", color: "red", meaning: "Verification failed or its 72-hour window passed: fix it and restart." },
  expired: { word: "Expired", icon: "⌛", color: "red", meaning: "Never verified, so it was released after a grace period: its name is free again. Restart to claim it again." },
};

/** The coloured badge: an icon and a word, never colour alone. */
export function badge(status) {
  const s = STATUS[status] || { word: status, icon: "?", color: "grey" };
  return h("span", { class: `badge badge-${s.color}`, "data-status": status },
    h("span", { class: "badge-icon", "aria-hidden": "true" }, s.icon), " ", s.word);
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** A <time> element for an ISO instant, or the fallback text when there is none. */
export function when(iso, fallback = "never") {
  if (!iso) return fallback;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return fallback;
  return h("time", { datetime: iso }, dateFormat.format(date));
}

/** "41 h 12 min" until the deadline, or null once it has passed. */
export function timeLeft(deadlineIso, now = Date.now()) {
  const ms = new Date(deadlineIso).getTime() - now;
  if (!(ms > 0)) return null;
  const minutes = Math.floor(ms / 60000);
  const hours = Math.floor(minutes / 60);
  return hours > 0 ? `${hours} h ${minutes % 60} min` : `${minutes} min`;
}

/** 0.0512 -> "5.12%". */
export function percent(rate) {
  return `${(Number(rate || 0) * 100).toFixed(2).replace(/\.?0+$/, "")}%`;
}
