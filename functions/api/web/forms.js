// Forms and dialogs: labelled fields, problem+json errors beside their fields, busy buttons
// that cannot be submitted twice, and modal dialogs that give focus back.
import { h, uid } from "./dom.js";

/**
 * A labelled control. `field` is the JSON Pointer the API names it by (`/from_email`), so an
 * error from the API lands beside it.
 */
export function field({ label, name, field: pointer, type = "text", hint, required, value, options, attrs = {}, suffix }) {
  const id = uid(name);
  const hintId = hint ? `${id}-hint` : null;
  const control = options
    ? h("select", { id, name, "data-field": pointer, "aria-describedby": hintId, required, ...attrs },
      options.map((o) => h("option", { value: o.value, selected: o.value === value }, o.label)))
    : h("input", { id, name, type, "data-field": pointer, "aria-describedby": hintId, required, value, ...attrs });
  return h("div", { class: "field" },
    h("label", { for: id }, label),
    suffix ? h("div", { class: "with-suffix" }, control, h("span", { class: "suffix", id: `${id}-suffix` }, suffix)) : control,
    hint ? h("p", { class: "hint", id: hintId }, hint) : null,
    h("p", { class: "field-error", id: `${id}-error`, hidden: true }));
}

export function clearErrors(form) {
  for (const input of form.querySelectorAll("[aria-invalid]")) {
    input.removeAttribute("aria-invalid");
    const ids = (input.getAttribute("aria-describedby") || "").split(" ").filter((x) => x && !x.endsWith("-error"));
    if (ids.length) input.setAttribute("aria-describedby", ids.join(" "));
    else input.removeAttribute("aria-describedby");
  }
  for (const p of form.querySelectorAll(".field-error")) { p.hidden = true; p.textContent = ""; }
  const alert = form.querySelector(".form-alert");
  if (alert) { alert.hidden = true; alert.textContent = ""; }
}

/** Shows an ApiError: each field error beside its field, the rest in the form's alert. */
export function showErrors(form, error) {
  clearErrors(form);
  const unplaced = [];
  let first = null;
  for (const fe of error.fieldErrors || []) {
    const input = form.querySelector(`[data-field="${CSS.escape(fe.field)}"]:not(:disabled)`);
    const slot = input && form.querySelector(`#${CSS.escape(input.id)}-error`);
    if (!input || !slot) { unplaced.push(fe.message); continue; }
    slot.textContent = fe.message;
    slot.hidden = false;
    input.setAttribute("aria-invalid", "true");
    const ids = new Set((input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean));
    ids.add(slot.id);
    input.setAttribute("aria-describedby", [...ids].join(" "));
    first ||= input;
  }
  const alert = form.querySelector(".form-alert");
  if (alert && (!first || unplaced.length)) {
    alert.textContent = [first ? null : error.detail || error.title, ...unplaced].filter(Boolean).join(" ");
    alert.hidden = false;
  }
  (first || alert)?.focus();
}

export const formAlert = () => h("p", { class: "form-alert", role: "alert", tabindex: "-1", hidden: true });

/**
 * Runs `work` with `button` marked busy: a second click while it runs does nothing, the label
 * says what is happening, and focus stays on the button (aria-disabled, not disabled).
 */
export async function busy(button, label, work) {
  if (button.getAttribute("aria-disabled") === "true") return undefined;
  const original = button.textContent;
  button.setAttribute("aria-disabled", "true");
  button.classList.add("busy");
  button.textContent = label;
  try {
    return await work();
  } finally {
    button.removeAttribute("aria-disabled");
    button.classList.remove("busy");
    button.textContent = original;
  }
}

/**
 * A modal dialog in `root`. `build(close)` returns its content. Resolves with what `close`
 * was given (undefined on Escape). Focus returns to the element that opened it.
 */
export function modal(root, title, build, { wide = false } = {}) {
  return new Promise((resolve) => {
    const opener = root.activeElement;
    const titleId = uid("dialog-title");
    const dialog = h("dialog", { "aria-labelledby": titleId, class: wide ? "wide" : "" });
    let result;
    const close = (value) => { result = value; dialog.close(); };
    dialog.append(
      h("div", { class: "dialog-head" },
        h("h2", { id: titleId }, title),
        h("button", { type: "button", class: "icon-button", "aria-label": "Close", onclick: () => close() }, "✕")),
      build(close));
    dialog.addEventListener("close", () => {
      dialog.remove();
      if (opener && opener.isConnected) opener.focus();
      resolve(result);
    });
    root.append(dialog);
    dialog.showModal();
    const autofocus = dialog.querySelector("[autofocus]") || dialog.querySelector("input, select, textarea");
    autofocus?.focus();
  });
}

/** Asks before something destructive; resolves true to go ahead. */
export function confirm(root, title, message, action) {
  return modal(root, title, (close) => h("div", { class: "dialog-body" },
    h("p", {}, message),
    h("div", { class: "actions" },
      h("button", { type: "button", class: "danger", onclick: () => close(true) }, action),
      h("button", { type: "button", autofocus: true, onclick: () => close(false) }, "Cancel")))).then(Boolean);
}

/** A form whose submit handler receives the form data; errors land beside the fields. */
export function apiForm({ fields, submitLabel, busyLabel, onSubmit, extra = [] }) {
  const submit = h("button", { type: "submit", class: "primary" }, submitLabel);
  const form = h("form", { novalidate: true, class: "dialog-body" }, formAlert(), fields, extra,
    h("div", { class: "actions" }, submit));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(submit, busyLabel, async () => {
      clearErrors(form);
      try {
        await onSubmit(new FormData(form), form);
      } catch (error) {
        showErrors(form, error);
      }
    });
  });
  return form;
}
