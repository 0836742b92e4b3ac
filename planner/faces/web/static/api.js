// The HTTP API, as the app uses it: JSON in and out, the token if the server asks for one.
// An error keeps the API's detail ([{loc, msg}]) so the form can show it next to the field it names.

const TOKEN_KEY = "planner-token"; // sessionStorage: never in the URL, so a shared link carries no token

export class ApiError extends Error {
  constructor(status, detail) {
    const first = Array.isArray(detail) ? detail[0] : null;
    super(first ? `${first.loc.slice(1).join(".")}: ${first.msg}` : String(detail));
    this.status = status;
    this.detail = Array.isArray(detail) ? detail : [{ loc: [], msg: String(detail) }];
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY) || "";
}

export function setToken(value) {
  sessionStorage.setItem(TOKEN_KEY, value);
}

function headers(json) {
  const h = {};
  if (json) h["content-type"] = "application/json";
  if (token()) h.authorization = `Bearer ${token()}`;
  return h;
}

async function answer(response) {
  if (response.ok) return response;
  let detail = `HTTP ${response.status}`;
  try {
    detail = (await response.json()).detail ?? detail;
  } catch {
    // not JSON: keep the status line
  }
  throw new ApiError(response.status, detail);
}

export async function get(path) {
  return (await answer(await fetch(path, { headers: headers(false) }))).json();
}

export async function post(path, body) {
  const response = await fetch(path, { method: "POST", headers: headers(true), body: JSON.stringify(body) });
  return (await answer(response)).json();
}

// A file from POST /v1/export, saved through a temporary link (the browser's own download).
export async function download(body) {
  const response = await answer(await fetch("/v1/export", { method: "POST", headers: headers(true), body: JSON.stringify(body) }));
  const name = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") || "")?.[1] || `plan.${body.format}`;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  return name;
}
