// Knowledge-base articles (/api/v1/articles).
import { type CallOptions, api, query } from './client';
import type { Article, Page } from './types';

/** Articles matching the query parameters (q, include_inactive, limit); every active one without them. */
export const listArticles = (params: { q?: string; include_inactive?: boolean; limit?: number } = {}, options?: CallOptions) =>
  api.get<Page<Article>>(`/api/v1/articles${query(params)}`, options);

export const getArticle = (id: number) => api.get<Article>(`/api/v1/articles/${id}`);

export const createArticle = (body: unknown) => api.post('/api/v1/articles', body);

export const updateArticle = (id: number, body: unknown, version: number | undefined) =>
  api.put(`/api/v1/articles/${id}`, body, { version });
