// Routing rules: which unit takes a request, by category, district, channel and type (/api/v1/routing-rules).
import { api } from './client';
import type { Page } from './types';

export interface Rule {
  id: number;
  position: number;
  name: string;
  category: string | null;
  district: string | null;
  channel: string | null;
  type: string | null;
  unit: string;
  priority: string | null;
  active: boolean;
}

/** Which unit and which rule would take a request with these properties. */
export interface RuleTestResult {
  unit: string;
  priority: string;
  rule_id: number | null;
  reason: string;
}

export const listRules = () => api.get<Page<Rule>>('/api/v1/routing-rules');

export const createRule = (body: unknown) => api.post('/api/v1/routing-rules', body);

export const updateRule = (id: number, body: unknown) => api.put(`/api/v1/routing-rules/${id}`, body);

export const deleteRule = (id: number) => api.del(`/api/v1/routing-rules/${id}`);

export const testRules = (body: { category: string; district: string; channel: string; type: string }) =>
  api.post<RuleTestResult>('/api/v1/routing-rules/test', body);
