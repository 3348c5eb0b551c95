// The `/v1` API with the host's token; every error becomes an ApiError carrying the
// RFC 9457 problem (type, title, detail, and per-field `errors`).

/** The API's messages mark names with `backticks`; people read quotes. */
const readable = (text) => String(text ?? "").replace(/`([^`]*)`/g, "“$1”");

export class ApiError extends Error {
  constructor(status, problem) {
    super(readable(problem.detail || problem.title || `HTTP ${status}`));
    this.status = status;
    this.type = problem.type || "about:blank";
    this.title = readable(problem.title || "Request failed");
    this.detail = readable(problem.detail);
    this.fieldErrors = (Array.isArray(problem.errors) ? problem.errors : [])
      .map((e) => ({ ...e, message: readable(e.message) }));
  }
}

export class Api {
  /** @param {string} base  the API's origin ("" for this page's); @param {() => Promise<string|null>} token */
  constructor(base, token) {
    this.base = (base || "").replace(/\/+$/, "");
    this.token = token;
  }

  async request(method, path, body) {
    const token = await this.token();
    if (!token) throw new ApiError(401, { title: "Not signed in", detail: "No token: the host application has not signed this screen in." });
    const headers = { authorization: `Bearer ${token}`, accept: "application/json, application/problem+json" };
    const init = { method, headers };
    if (body !== undefined) {
      headers["content-type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(`${this.base}${path}`, init);
    } catch (error) {
      throw new ApiError(0, { title: "Network error", detail: `The API could not be reached (${error.message}).` });
    }
    if (response.status === 204) return null;
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = null; }
    if (!response.ok) {
      const problem = json && typeof json === "object" ? json : {};
      // API Gateway's own rejections ({"message":"Unauthorized"}) are not problems: say it plainly.
      if (!problem.title && problem.message) problem.detail = problem.message;
      throw new ApiError(response.status, { title: response.statusText, ...problem });
    }
    return json;
  }

  get(path) { return this.request("GET", path); }
  post(path, body) { return this.request("POST", path, body); }
  patch(path, body) { return this.request("PATCH", path, body); }
  delete(path) { return this.request("DELETE", path); }

  /** Every item of a paged listing (bounded, so a runaway cursor cannot loop forever). */
  async all(path, maxPages = 50) {
    const items = [];
    let cursor = null;
    for (let page = 0; page < maxPages; page += 1) {
      const sep = path.includes("?") ? "&" : "?";
      const url = cursor ? `${path}${sep}cursor=${encodeURIComponent(cursor)}` : path;
      const listed = await this.get(url);
      items.push(...(listed.items || []));
      cursor = listed.next_cursor;
      if (!cursor) break;
    }
    return items;
  }
}

export const enc = encodeURIComponent;
