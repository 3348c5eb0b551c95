// The standalone page: in `make dev` the local server hands out dev tokens
// (/_local/dev-session, which no deployment serves) and this adds a tenant switcher. Deployed,
// a host application embeds <email-senders> and sets its token instead.
import { h } from "./dom.js";
import "./email-senders.js";

const element = document.querySelector("email-senders");
const params = new URLSearchParams(location.search);

async function devSession() {
  const url = new URL("/_local/dev-session", location.origin);
  if (params.get("tenant")) url.searchParams.set("tenant", params.get("tenant"));
  if (params.get("role")) url.searchParams.set("role", params.get("role"));
  try {
    const response = await fetch(url);
    return response.ok ? await response.json() : null;
  } catch {
    return null;
  }
}

function devBar(session) {
  const bar = document.getElementById("dev-bar");
  const tenants = session.tenants.includes(session.tenant) ? session.tenants : [session.tenant, ...session.tenants];
  const select = h("select", { id: "dev-tenant" }, tenants.map((t) => h("option", { value: t, selected: t === session.tenant }, t)));
  select.addEventListener("change", () => {
    const next = new URLSearchParams(location.search);
    next.set("tenant", select.value);
    location.search = next.toString();
  });
  bar.replaceChildren(
    h("span", { class: "tag" }, "Local development"),
    h("label", { for: "dev-tenant" }, "Signed in to tenant"), select,
    h("span", {}, session.roles.includes("admin") ? "as admin, with a dev token" : "as a viewer, with a dev token"));
  bar.hidden = false;
}

const session = await devSession();
if (session) {
  devBar(session);
  element.token = session.token;
}
