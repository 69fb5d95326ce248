// Dashboard figures for a date range (/api/v1/stats).
import { api, query } from './client';

type Counts = Record<string, number>;

export interface Resolution {
  resolved: number;
  median_hours: number | null;
  p90_hours: number | null;
  mean_hours?: number | null;
}

export interface Stats {
  from: string;
  to: string;
  requests: { total: number; by_day: Counts; by_unit: Counts; by_category: Counts; by_top_category: Counts; by_status: Counts };
  contacts: { total: number; by_day: Counts; by_channel: Counts; by_outcome: Counts; by_hour_of_day: Counts };
  now: { open: number; overdue: number; open_by_unit: Counts; overdue_by_unit: Counts };
  resolution: { all: Resolution; by_unit: Record<string, Resolution> };
}

/** Figures from `from` to `to` (YYYY-MM-DD, Istanbul days, both included). */
export const getStats = (from: string, to: string) => api.get<Stats>(`/api/v1/stats${query({ from, to })}`);
