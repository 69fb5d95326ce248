// Staff accounts (/api/v1/users).
import { api } from './client';
import type { Page, User } from './types';

export const listUsers = () => api.get<Page<User>>('/api/v1/users');

export const createUser = (body: unknown) => api.post('/api/v1/users', body);

export const updateUser = (id: number, body: unknown) => api.patch(`/api/v1/users/${id}`, body);
