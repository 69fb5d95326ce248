// Categories as the administration edits them, inactive ones included (/api/v1/categories). The cached,
// read-only catalog is in catalog.ts.
import { api } from './client';
import type { Category, Page } from './types';

export const listAllCategories = () => api.get<Page<Category>>('/api/v1/categories?include_inactive=true');

export const createCategory = (body: unknown) => api.post('/api/v1/categories', body);

export const updateCategory = (code: string, body: unknown) =>
  api.patch(`/api/v1/categories/${encodeURIComponent(code)}`, body);
