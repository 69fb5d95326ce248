// The session: who is signed in, signing in and out (/api/v1/auth).
import { api } from './client';
import type { Me } from './types';

export const getMe = () => api.get<Me>('/api/v1/auth/me');

export const login = (username: string, password: string) => api.post('/api/v1/auth/login', { username, password });

export const logout = () => api.post('/api/v1/auth/logout');
