// Units: the departments, companies and district municipalities requests are routed to (/api/v1/units).
import { api } from './client';
import type { Page, Unit } from './types';

/** A unit as the administration sees it, with its working hours. */
export interface UnitRow extends Unit {
  working_hours?: { start_minute: number; end_minute: number; weekdays: number };
}

export const listUnits = () => api.get<Page<UnitRow>>('/api/v1/units');

export const createUnit = (body: unknown) => api.post('/api/v1/units', body);

export const updateUnit = (code: string, body: unknown) => api.patch(`/api/v1/units/${encodeURIComponent(code)}`, body);
