// Contacts: one call, visit or message handled by an agent (/api/v1/contacts).
import { api } from './client';
import type { Contact } from './types';

export const createContact = (body: unknown) => api.post<Contact>('/api/v1/contacts', body);

/** Ends the contact with its outcome (and what the outcome needs, e.g. the request it filed). */
export const endContact = (id: number, outcome: string, extra: Record<string, unknown> = {}) =>
  api.post<Contact>(`/api/v1/contacts/${id}/end`, { outcome, ...extra });
