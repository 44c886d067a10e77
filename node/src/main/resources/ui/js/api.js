// The node's API from the page. The token (when the node has SYNCMESH_API_TOKEN) is kept in this
// tab's session storage only: it goes with every call and nowhere else.

const TOKEN_KEY = 'syncmesh.token';

/** A refusal: the API's problem (type, title, detail) and its status. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.type = problem.type || 'unknown';
    this.title = problem.title || `HTTP ${status}`;
    this.detail = problem.detail || '';
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(value) {
  if (value) {
    sessionStorage.setItem(TOKEN_KEY, value);
  } else {
    sessionStorage.removeItem(TOKEN_KEY);
  }
}

/** Calls the API; the answer's JSON (null for none); throws ApiError when it refuses. */
export async function call(method, path, body, headers = {}) {
  const request = {method, headers: {Accept: 'application/json', ...headers}, cache: 'no-store'};
  const bearer = token();
  if (bearer) request.headers.Authorization = `Bearer ${bearer}`;
  if (body !== undefined) {
    request.headers['Content-Type'] = 'application/json';
    request.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, request);
  } catch (error) {
    throw new ApiError(0, {type: 'network', title: 'The node does not answer', detail: String(error.message || error)});
  }
  const text = await response.text();
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch (error) {
      if (response.ok) throw new ApiError(response.status, {type: 'invalid-answer', title: 'The node answered something that is not JSON'});
    }
  }
  if (!response.ok) {
    throw new ApiError(response.status, json && typeof json === 'object' ? json : {title: `HTTP ${response.status}`, detail: text.slice(0, 200)});
  }
  return json;
}

export const get = (path) => call('GET', path);
export const post = (path, body, headers) => call('POST', path, body, headers);
export const put = (path, body) => call('PUT', path, body);

/** A query string of the parameters that are set: query({limit: 20, after: null}) is "?limit=20". */
export function query(parameters) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
