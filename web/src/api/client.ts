// The one way the browser talks to alo153: JSON over the public REST API (docs/api.md), the session cookie,
// the CSRF token on writes, and problem+json errors turned into ApiError.

/** An RFC 9457 problem answered by the server (Turkish title), or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly title: string,
    readonly detail: string,
    /** The input field to blame, when the server names one (e.g. "citizen.phone"). */
    readonly field?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail || title);
  }

  /** The short problem type ("validation", "not-found", ...). */
  get kind(): string {
    return this.type.replace(/^.*\/problems\//, '');
  }
}

let csrfToken = '';

/** Set after login and after /auth/me; sent as X-CSRF-Token on every write. */
export function setCsrfToken(token: string) {
  csrfToken = token;
}

export interface CallOptions {
  /** Sent as If-Match: "<version>". */
  version?: number;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

async function call<T>(method: string, path: string, body?: unknown, options: CallOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (WRITES.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (options.version !== undefined) headers['If-Match'] = `"${options.version}"`;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'network', 'Sunucuya ulaşılamadı', String(e));
  }
  const text = await response.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  if (!response.ok) {
    const p = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
    const { type, title, detail, field, status: _s, ...extra } = p;
    throw new ApiError(
      response.status,
      String(type ?? 'about:blank'),
      String(title ?? response.statusText),
      String(detail ?? ''),
      typeof field === 'string' ? field : undefined,
      extra,
    );
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, options?: CallOptions) => call<T>('GET', path, undefined, options),
  post: <T>(path: string, body?: unknown, options?: CallOptions) => call<T>('POST', path, body ?? {}, options),
  put: <T>(path: string, body: unknown, options?: CallOptions) => call<T>('PUT', path, body, options),
  patch: <T>(path: string, body: unknown, options?: CallOptions) => call<T>('PATCH', path, body, options),
  del: <T>(path: string, options?: CallOptions) => call<T>('DELETE', path, undefined, options),
};

/** Builds a query string from the defined, non-empty values. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Reads a File as base64 (without the data: prefix), for photos in JSON bodies. */
export function fileToBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}
