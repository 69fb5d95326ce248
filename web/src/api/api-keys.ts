// API keys for other systems (/api/v1/api-keys).
import { api } from './client';
import type { Page } from './types';

export interface ApiKey {
  id: number;
  name: string;
  prefix: string;
  role: string;
  unit: string | null;
  active: boolean;
  created_at: string;
  revoked_at: string | null;
  /** The secret, only in the answer that created the key. */
  key?: string;
}

export const listApiKeys = () => api.get<Page<ApiKey>>('/api/v1/api-keys');

export const createApiKey = (body: { name: string; role: string; unit: string }) => api.post<ApiKey>('/api/v1/api-keys', body);

export const revokeApiKey = (id: number) => api.del(`/api/v1/api-keys/${id}`);
