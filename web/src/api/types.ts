// Shapes of the REST API's answers (docs/api.md). Only what the browser reads; the server may send more.

export type Role = 'agent' | 'supervisor' | 'unit_staff' | 'unit_manager' | 'admin';

export interface Me {
  id: number;
  kind: 'user' | 'api_key';
  name: string;
  role: Role;
  unit: string | null;
  csrf_token: string;
}

export interface User {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  unit: string | null;
  active: boolean;
  created_at: string;
}

export interface CodeLabel {
  code: string;
  label: string;
}

export interface Meta {
  statuses: CodeLabel[];
  types: CodeLabel[];
  channels: CodeLabel[];
  contact_outcomes: CodeLabel[];
  roles: CodeLabel[];
  priorities?: CodeLabel[];
  /** Leaflet tile URL template; empty = no tiles (points and district labels only). */
  map_tile_url?: string;
  [key: string]: unknown;
}

export interface Unit {
  code: string;
  name: string;
  kind: string;
  district: string | null;
  active: boolean;
  work_start_minute?: number;
  work_end_minute?: number;
  work_weekdays?: number;
}

export interface Category {
  code: string;
  parent: string | null;
  name: string;
  name_en: string;
  unit: string | null;
  sla_minutes: number;
  sla_clock: string;
  priority: string;
  urgent: boolean;
  keywords: string[];
  active: boolean;
  children?: Category[];
}

export interface District {
  code: string;
  name: string;
  lat: number;
  lon: number;
}

export interface Neighbourhood {
  id: number;
  name: string;
  district: string;
  active: boolean;
}

export interface Location {
  district?: string | null;
  district_name?: string | null;
  neighbourhood_id?: number | null;
  neighbourhood_name?: string | null;
  street?: string | null;
  address_text?: string | null;
  lat?: number | null;
  lon?: number | null;
}

export interface ServiceRequest {
  id: number;
  tracking_number: string;
  type: string;
  channel: string;
  category: string;
  category_name: string;
  top_category: string;
  unit: string;
  unit_name: string;
  status: string;
  status_label: string;
  priority: string;
  description: string;
  location: Location;
  citizen_id: number | null;
  contact_id: number | null;
  assignee_id: number | null;
  created_at: string;
  updated_at: string;
  due_at: string | null;
  overdue: boolean;
  accepted_at: string | null;
  on_hold_since: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  public_answer: string | null;
  reject_reason: string | null;
  allowed_actions: string[];
  version: number;
  suggested_category?: string | null;
  suggestion_accepted?: boolean | null;
}

export interface RequestEvent {
  id: number;
  at: string;
  actor_id: number | null;
  actor_name: string | null;
  kind: string;
  from_status: string | null;
  to_status: string | null;
  public: boolean;
  text: string | null;
  changes: { field: string; before: string | null; after: string | null }[];
}

export interface Page<T> {
  items: T[];
  next_cursor?: string | null;
}

export interface Citizen {
  id: number;
  phone: string;
  first_name: string | null;
  last_name: string | null;
  tckn?: string | null;
  email?: string | null;
  address?: string | null;
  kvkk_consent?: boolean;
  masked?: boolean;
  version: number;
  [key: string]: unknown;
}

export interface Contact {
  id: number;
  channel: string;
  caller_phone: string | null;
  citizen_id: number | null;
  agent_id: number | null;
  started_at: string;
  ended_at: string | null;
  outcome: string | null;
  article_id: number | null;
  request_id: number | null;
  note: string | null;
  [key: string]: unknown;
}

export interface CallerLookup {
  phone: string;
  citizens: Citizen[];
  requests: ServiceRequest[];
  contacts: Contact[];
}

export interface Article {
  id: number;
  title: string;
  body: string;
  category: string | null;
  tags: string[];
  active: boolean;
  version: number;
}

/** POST /api/v1/classify (issue 3). */
export interface Suggestion {
  category: string;
  top: string;
  unit: string;
  name: string;
  top_name: string;
  score: number;
}

export interface ClassifyResult {
  suggestions: Suggestion[];
  low_confidence: boolean;
  source: 'model' | 'keywords' | 'none';
}

/** Events of the live-update stream GET /api/v1/stream (Server-Sent Events). */
export interface RequestChange {
  event_id: number;
  request_id: number;
  tracking_number: string;
  kind: string;
  status: string;
  unit: string;
  category: string;
  at: string;
}

export interface ContactChange {
  contact_id: number;
  channel: string;
  outcome: string | null;
  at: string;
}
