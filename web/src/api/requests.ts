// Service requests: the list, one request with its history and photos, the workflow actions, notes and photo
// uploads (docs/api.md, /api/v1/requests).
import { ApiError, type CallOptions, api, query } from './client';
import type { ClassifyResult, Page, RequestEvent, ServiceRequest } from './types';

/** A photo attached to a request. */
export interface Photo {
  sha256: string;
  content_type: string;
  size: number;
  url: string;
  created_at?: string;
}

type Params = Record<string, string | number | boolean | undefined | null>;

/** GET /api/v1/requests with these query parameters (filters, sort, limit, cursor). */
export const listRequests = (params: Params, options?: CallOptions) =>
  api.get<Page<ServiceRequest>>(`/api/v1/requests${query(params)}`, options);

export const getRequest = (id: number) => api.get<ServiceRequest>(`/api/v1/requests/${id}`);

export const requestEvents = (id: number) => api.get<Page<RequestEvent>>(`/api/v1/requests/${id}/events`);

export const requestPhotos = (id: number) => api.get<Page<Photo>>(`/api/v1/requests/${id}/photos`);

/** Files a request from the console; the key makes a retried POST create it once. */
export const createRequest = (body: unknown, idempotencyKey: string) =>
  api.post<ServiceRequest>('/api/v1/requests', body, { headers: { 'Idempotency-Key': idempotencyKey } });

/** Applies a workflow action (accept, assign, resolve, …) to the request at this version (If-Match). */
export const actOnRequest = (id: number, action: string, body: Record<string, unknown>, version: number) =>
  api.post<ServiceRequest>(`/api/v1/requests/${id}/actions/${action}`, body, { version });

/** Adds an internal note, or a public answer when `isPublic`. */
export const addNote = (id: number, text: string, isPublic: boolean) =>
  api.post(`/api/v1/requests/${id}/notes`, { text, public: isPublic });

/**
 * Uploads one photo as raw bytes (the JSON client cannot send them), with the session's CSRF token. A refusal
 * becomes ApiError; a network failure is thrown as it is.
 */
export async function addPhoto(id: number, file: File, csrfToken: string): Promise<void> {
  const response = await fetch(`/api/v1/requests/${id}/photos`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      Accept: 'application/json',
      'Content-Type': file.type || 'application/octet-stream',
      'X-CSRF-Token': csrfToken,
    },
    body: file,
  });
  if (!response.ok) {
    let p: Record<string, unknown> = {};
    try {
      p = (await response.json()) as Record<string, unknown>;
    } catch {
      /* not JSON */
    }
    throw new ApiError(
      response.status,
      String(p.type ?? 'about:blank'),
      String(p.title ?? response.statusText),
      String(p.detail ?? ''),
      typeof p.field === 'string' ? p.field : undefined,
    );
  }
}

/** The category the server suggests for a description (POST /api/v1/classify). */
export const classify = (text: string, signal?: AbortSignal) =>
  api.post<ClassifyResult>('/api/v1/classify', { text }, { signal });
