// The one way both pages call the node. A refusal becomes an ApiError carrying the problem's `detail` (docs/api.md,
// Problems), which is what the pages show: the detail is written for people, the status code is not.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || `The node answered ${status}.`);
    this.status = status;
    this.code = problem?.code ?? null;
    this.problem = problem;
  }
}

/** Sends a JSON request with the bearer secret; resolves with the parsed body, or throws ApiError. */
export async function call(secret, method, path, body) {
  const headers = { authorization: `Bearer ${secret}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  } catch {
    throw new ApiError(0, { detail: 'The node could not be reached. Check the connection and try again.', code: 'network' });
  }
  const type = response.headers.get('content-type') || '';
  const parsed = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) throw new ApiError(response.status, typeof parsed === 'object' ? parsed : null);
  return parsed;
}

/** An id for one order: made once, when the order is prepared, and sent again on any retry (R14 dedupes it). */
export function transactionId(prefix) {
  return `${prefix}-${crypto.randomUUID()}`;
}

/** Path segments are identifiers (A-Z a-z 0-9 . _ @ -), encoded anyway so a typo cannot change the route. */
export const seg = encodeURIComponent;
