export interface JsonRequestOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Without it the request waits as long as the test does. */
  timeoutMs?: number;
}

export interface JsonResponse {
  status: number;
  body: any;
  headers: Headers;
}

/** A request as a client of a service makes it: a bearer token, a JSON body, the answer parsed when it is JSON. */
export async function requestJson(baseUrl: string, method: string, path: string, opts: JsonRequestOptions = {}): Promise<JsonResponse> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  }
  const signal = opts.timeoutMs === undefined ? undefined : AbortSignal.timeout(opts.timeoutMs);
  const res = await fetch(baseUrl + path, { method, headers, body, signal });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, body: parsed, headers: res.headers };
}
