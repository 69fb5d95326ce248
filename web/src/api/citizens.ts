// Citizens: who is calling (looked up by phone) and a masked record revealed with a reason (/api/v1/citizens).
import { type CallOptions, api } from './client';
import type { CallerLookup, Citizen } from './types';

/** The citizen with this phone number, their open requests and recent contacts. */
export const lookupCaller = (phone: string, options?: CallOptions) =>
  api.get<CallerLookup>(`/api/v1/citizens?phone=${encodeURIComponent(phone)}`, options);

/** The citizen unmasked; the reason is written to the audit log. */
export const revealCitizen = (id: number, reason: string) =>
  api.get<Citizen>(`/api/v1/citizens/${id}?reveal=true&reason=${encodeURIComponent(reason)}`);
