// The citizen portal's endpoints that need no session: filing a request and tracking one (/api/v1/public).
import { api, query } from './client';

/** The answer of POST /api/v1/public/requests. */
export interface Receipt {
  tracking_number: string;
  status: string;
  status_label: string;
  category_name: string;
  unit_name: string;
  due_at: string | null;
  created_at: string;
}

/** What GET /api/v1/public/track shows a citizen about their request. */
export interface PublicView {
  tracking_number: string;
  category: string;
  category_name: string;
  unit_name: string;
  status: string;
  status_label: string;
  created_at: string;
  due_at: string | null;
  resolved_at: string | null;
  public_answer: string | null;
  history: { at: string; status: string | null; status_label: string | null; text: string | null }[];
}

export const fileRequest = (body: unknown) => api.post<Receipt>('/api/v1/public/requests', body);

export const trackRequest = (number: string, phoneLast4: string) =>
  api.get<PublicView>(`/api/v1/public/track${query({ number, phone_last4: phoneLast4 })}`);
