// What the inbox and the detail page share: status groups, the filters and whether a request matches them,
// saved views in localStorage, and the units list.
import type { Me, ServiceRequest, Unit } from '../../api/types';
import { listUnits } from '../../api/units';
import { type MessageKey, t } from '../../i18n';

/** A status in the interface language (the server's labels are Turkish only). */
export function statusText(code: string | null | undefined, fallback = ''): string {
  if (!code) return fallback;
  const key = `birim.st.${code}` as MessageKey;
  const text = t(key);
  return text === key ? fallback || code : text;
}

export const OPEN = ['new', 'routed', 'in_progress', 'on_hold', 'reopened'];
export const DONE = ['resolved', 'closed', 'rejected'];

/** The call center's own unit: requests are sent back to it. */
export const CENTER_UNIT = 'ALO153';

export interface Filters {
  /** Unit code; '' = every unit the user may see (supervisors, admins). */
  unit: string;
  /** 'open', 'done', 'all' or one status code. */
  status: string;
  /** A top-level or sub-category code, or ''. */
  category: string;
  district: string;
  overdue: boolean;
  mine: boolean;
  q: string;
  sort: 'due' | 'newest';
}

export const DEFAULT_FILTERS: Filters = {
  unit: '',
  status: 'open',
  category: '',
  district: '',
  overdue: false,
  mine: false,
  q: '',
  sort: 'due',
};

export function statusList(status: string): string[] | null {
  if (status === 'open') return OPEN;
  if (status === 'done') return DONE;
  if (status === 'all' || !status) return null;
  return [status];
}

/** The query parameters of listRequests for these filters. */
export function listQuery(f: Filters, limit: number): Record<string, string | number | boolean | undefined> {
  return {
    unit: f.unit || undefined,
    status: statusList(f.status)?.join(','),
    category: f.category || undefined,
    district: f.district || undefined,
    overdue: f.overdue || undefined,
    assigned_to_me: f.mine || undefined,
    q: f.q.trim() || undefined,
    sort: f.sort,
    limit,
  };
}

/** Whether a request belongs in a list with these filters (all but the text search, which only the server knows). */
export function matches(r: ServiceRequest, f: Filters, me: Me | null): boolean {
  if (f.unit && r.unit !== f.unit) return false;
  const statuses = statusList(f.status);
  if (statuses && !statuses.includes(r.status)) return false;
  if (f.category && r.category !== f.category && r.top_category !== f.category) return false;
  if (f.district && r.location?.district !== f.district) return false;
  if (f.overdue && !r.overdue) return false;
  if (f.mine && (!me || r.assignee_id !== me.id)) return false;
  return true;
}

/** Orders like the server: by due time then id, or newest (highest id) first. */
export function compareRequests(sort: Filters['sort']) {
  return (a: ServiceRequest, b: ServiceRequest): number => {
    if (sort === 'newest') return b.id - a.id;
    const da = a.due_at ? Date.parse(a.due_at) : Number.POSITIVE_INFINITY;
    const db = b.due_at ? Date.parse(b.due_at) : Number.POSITIVE_INFINITY;
    if (da !== db) return da < db ? -1 : 1;
    return a.id - b.id;
  };
}

export function sameFilters(a: Filters, b: Filters): boolean {
  return (Object.keys(DEFAULT_FILTERS) as (keyof Filters)[]).every((k) => a[k] === b[k]);
}

export interface SavedView {
  name: string;
  filters: Filters;
}

/** Views are kept per user: a shared desk computer keeps each person's own. */
const viewsKey = (userId: number | undefined) => `alo153.birim.views.${userId ?? 0}`;

export function loadViews(userId: number | undefined): SavedView[] {
  try {
    const raw = JSON.parse(localStorage.getItem(viewsKey(userId)) ?? '[]') as SavedView[];
    if (!Array.isArray(raw)) return [];
    return raw
      .filter((v) => v && typeof v.name === 'string' && v.filters)
      .map((v) => ({ name: v.name, filters: { ...DEFAULT_FILTERS, ...v.filters } }));
  } catch {
    return [];
  }
}

export function storeViews(userId: number | undefined, views: SavedView[]) {
  try {
    localStorage.setItem(viewsKey(userId), JSON.stringify(views));
  } catch {
    /* private mode: views last for this page only */
  }
}

let unitsPromise: Promise<Unit[]> | null = null;

/** Every unit (code, name), fetched once per page load. */
export function loadUnits(): Promise<Unit[]> {
  if (!unitsPromise) {
    unitsPromise = listUnits().then((p) => p.items);
    unitsPromise.catch(() => (unitsPromise = null));
  }
  return unitsPromise;
}

/** Whether this role works for one unit only (and sees only that unit's requests). */
export function isUnitRole(me: Me | null): boolean {
  return !!me && (me.role === 'unit_staff' || me.role === 'unit_manager');
}
