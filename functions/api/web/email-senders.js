// <email-senders api-base="https://api.example.com">: the "Settings → Email Senders" screen.
//
// A host application signs it in with the user's token, either
//   element.token = "eyJ...";                       // a string, set again when it changes, or
//   element.getToken = async () => fetchFreshToken(); // called before every request.
// It calls the same /v1 API with `Authorization: Bearer <token>`; the tenant comes from the
// token alone. `api-base` is the API's origin (empty: this page's origin).
import { h } from "./dom.js";
import { Api } from "./api.js";
import { STATUS } from "./format.js";
import { domainsSection } from "./domains-view.js";
import { sendersSection } from "./senders-view.js";
import { suppressionsSection } from "./suppressions-view.js";

const STYLESHEET = new URL("./email-senders.css", import.meta.url).href;

export class EmailSenders extends HTMLElement {
  static observedAttributes = ["api-base"];

  #token = null;
  #getToken = null;
  #loading = null;

  constructor() {
    super();
    this.root = this.attachShadow({ mode: "open" });
    this.state = { senders: [], domains: [], suppressions: [], openRecords: new Set(), query: "", loaded: false };
    this.api = new Api(this.getAttribute("api-base"), () => this.#currentToken());
    this.status = h("p", { class: "live", role: "status", "aria-live": "polite" });
    this.banner = h("div", { class: "banner", role: "alert", hidden: true });
    this.content = h("div", { class: "content", "aria-busy": "true" }, h("p", {}, "Loading…"));
    this.root.append(
      h("link", { rel: "stylesheet", href: STYLESHEET }),
      h("div", { class: "screen" },
        h("header", {},
          h("h1", {}, "Email Senders"),
          h("p", { class: "intro" }, "Who your emails come from. Authorize a subdomain or an address, then pick it as the sender."),
          legend()),
        this.status, this.banner, this.content));
  }

  /** The bearer token (a string). Setting it reloads the screen. */
  get token() { return this.#token; }
  set token(value) { this.#token = value || null; this.reload(); }

  /** A callback returning the token (or a promise of it), asked before each request. */
  get getToken() { return this.#getToken; }
  set getToken(fn) { this.#getToken = typeof fn === "function" ? fn : null; this.reload(); }

  async #currentToken() {
    return this.#getToken ? await this.#getToken() : this.#token;
  }

  attributeChangedCallback(name, _old, value) {
    if (name === "api-base") { this.api.base = (value || "").replace(/\/+$/, ""); if (this.state.loaded) this.reload(); }
  }

  connectedCallback() {
    if (!this.#token && !this.#getToken && !this.state.loaded) {
      this.content.setAttribute("aria-busy", "false");
      this.content.replaceChildren(h("p", { class: "signed-out" }, "Not signed in yet: the host application gives this screen the user's token."));
    }
  }

  /** Loads everything the screen shows (senders, subdomains, suppressions) and renders it. */
  reload() {
    if (!this.#token && !this.#getToken) return Promise.resolve();
    this.#loading = (async () => {
      this.content.setAttribute("aria-busy", "true");
      try {
        const [senders, domains, suppressions] = await Promise.all([
          this.api.all("/v1/senders"), this.api.all("/v1/domains"), this.api.all("/v1/suppressions"),
        ]);
        Object.assign(this.state, { senders, domains, suppressions, loaded: true });
        this.banner.hidden = true;
        this.render();
      } catch (error) {
        this.fail(error);
        this.content.replaceChildren();
      } finally {
        this.content.setAttribute("aria-busy", "false");
      }
    })();
    return this.#loading;
  }

  /** Redraws the lists, keeping keyboard focus on the control it was on. */
  render() {
    const key = this.root.activeElement?.dataset?.key;
    this.content.replaceChildren(sendersSection(this), domainsSection(this), suppressionsSection(this));
    if (key) this.focusKey(key);
  }

  focusKey(key) {
    const target = this.root.querySelector(`[data-key="${CSS.escape(key)}"]`);
    if (target) target.focus();
  }

  /** Puts a fresh item from the API in place of the old one in `state[list]`. */
  replace(list, item) {
    const items = this.state[list];
    const at = items.findIndex((x) => x.id === item.id);
    if (at >= 0) items[at] = item; else items.push(item);
    this.render();
  }

  announce(message) {
    this.status.textContent = "";
    // A new text node, so screen readers announce a repeated message too.
    setTimeout(() => { this.status.textContent = message; }, 30);
  }

  /** Shows an API error that belongs to no form field. */
  fail(error) {
    const title = error.title || "Something went wrong";
    this.banner.replaceChildren(
      h("p", {}, h("strong", {}, title), error.detail ? `: ${error.detail}` : ""),
      h("button", { type: "button", class: "icon-button", "aria-label": "Dismiss the message", onclick: () => { this.banner.hidden = true; } }, "✕"));
    this.banner.hidden = false;
  }
}

function legend() {
  return h("details", { class: "legend" },
    h("summary", {}, "What the colours mean"),
    h("ul", {}, Object.entries(STATUS).map(([status, s]) => h("li", {},
      h("span", { class: `badge badge-${s.color}` }, h("span", { class: "badge-icon", "aria-hidden": "true" }, s.icon), " ", s.word),
      ` (${s.color}): ${s.meaning}`))));
}

if (!customElements.get("email-senders")) customElements.define("email-senders", EmailSenders);
