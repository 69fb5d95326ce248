// The unit's queue: one request list (listRequests) renders the list (nothing else is waited for), with SLA countdowns,
// filters, saved views and live updates from the stream. Changed rows update in place; rows that leave the
// filters stay where they are, marked, until the next load, so nothing jumps under the user's eyes.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import { getRequest, listRequests } from '../../api/requests';
import { categoryName, loadCategories, loadDistricts, useLoad } from '../../api/catalog';
import { useRequestChanges, useStreamReset } from '../../api/live';
import type { RequestChange, ServiceRequest, Unit } from '../../api/types';
import { formatDateTime, formatTime } from '../../format';
import { t } from '../../i18n';
import { onLinkClick } from '../../router';
import { useSession } from '../../session';
import { Empty, Loading } from '../../ui/feedback';
import { Checkbox, ProblemAlert, Select, TextInput } from '../../ui/form';
import { Shell } from '../../ui/layout';
import { SlaBadge, StatusBadge, useNow } from '../../ui/status';
import {
  DEFAULT_FILTERS,
  type Filters,
  type SavedView,
  compareRequests,
  isUnitRole,
  listQuery,
  loadUnits,
  loadViews,
  matches,
  sameFilters,
  statusText,
  storeViews,
} from './shared';

const PAGE_SIZE = 50;
const UNIT_KEY = 'alo153.birim.unit';

// The filters survive moving to a request and back (same page load).
let lastFilters: Filters | null = null;

function initialFilters(unitRole: boolean): Filters {
  // (A unit role never carries another unit over, e.g. after a supervisor signed out on this page load.)
  if (lastFilters) return unitRole ? { ...lastFilters, unit: '' } : lastFilters;
  let unit = '';
  if (!unitRole) {
    try {
      unit = localStorage.getItem(UNIT_KEY) ?? '';
    } catch {
      unit = '';
    }
  }
  return { ...DEFAULT_FILTERS, unit };
}

export function Inbox() {
  const { me } = useSession();
  const unitRole = isUnitRole(me);
  const [filters, setFiltersState] = useState<Filters>(() => initialFilters(unitRole));
  const [items, setItems] = useState<ServiceRequest[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [ready, setReady] = useState(false);
  // The filters of the rows shown (the list says so in data-sort / data-loading, for tests and tools).
  const [shown, setShown] = useState<Filters | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [gone, setGone] = useState<Set<number>>(new Set());
  const [fresh, setFresh] = useState<Set<number>>(new Set());
  const [liveText, setLiveText] = useState('');
  const now = useNow();

  const filtersRef = useRef(filters);
  filtersRef.current = filters;
  const itemsRef = useRef(items);
  itemsRef.current = items;
  const cursorRef = useRef(cursor);
  cursorRef.current = cursor;
  const loadSeq = useRef(0);
  // A row that must not move on screen when a live arrival is inserted above it (see onChange).
  const anchor = useRef<{ id: number; top: number } | null>(null);

  // Keep the anchored row where the user saw it: the page scrolls by exactly the inserted height, so rows the
  // user is looking at do not jump (the browser's own scroll anchoring is off for the list, see style.css).
  useLayoutEffect(() => {
    const a = anchor.current;
    anchor.current = null;
    if (!a) return;
    const el = document.querySelector(`[data-testid=inbox-row][data-id="${a.id}"]`);
    if (!el) return;
    const dy = el.getBoundingClientRect().top - a.top;
    if (dy) window.scrollBy(0, dy);
  }, [items]);

  const setFilters = (f: Filters) => {
    lastFilters = f;
    if (!unitRole) {
      try {
        localStorage.setItem(UNIT_KEY, f.unit);
      } catch {
        /* ignore */
      }
    }
    setFiltersState(f);
  };

  // The list: one request per filter change, and again after a gap in the live stream.
  const [reloads, setReloads] = useState(0);
  useStreamReset(useCallback(() => setReloads((n) => n + 1), []));
  useEffect(() => {
    const seq = ++loadSeq.current;
    const ctrl = new AbortController();
    setError(null);
    listRequests(listQuery(filters, PAGE_SIZE), { signal: ctrl.signal })
      .then((page) => {
        if (seq !== loadSeq.current) return;
        setItems(page.items);
        setCursor(page.next_cursor ?? null);
        setGone(new Set());
        setFresh(new Set());
        setShown(filters);
        setReady(true);
      })
      .catch((e) => {
        if ((e as Error).name === 'AbortError' || seq !== loadSeq.current) return;
        setError(e);
        setItems([]);
        setCursor(null);
        setShown(filters);
        setReady(true);
      });
    return () => ctrl.abort();
  }, [filters, reloads]);

  async function loadMore() {
    if (!cursor) return;
    setLoadingMore(true);
    const seq = loadSeq.current;
    try {
      const page = await listRequests({ ...listQuery(filters, PAGE_SIZE), cursor });
      if (seq !== loadSeq.current) return;
      setItems((prev) => {
        const have = new Set(prev.map((r) => r.id));
        return [...prev, ...page.items.filter((r) => !have.has(r.id))];
      });
      setCursor(page.next_cursor ?? null);
    } catch (e) {
      setError(e);
    } finally {
      setLoadingMore(false);
    }
  }

  // Live: fetch the changed request and put it where it belongs.
  const onChange = useCallback(
    (c: RequestChange) => {
      const f = filtersRef.current;
      const present = itemsRef.current.some((r) => r.id === c.request_id);
      if (!present && f.unit && c.unit && c.unit !== f.unit) return;
      const seq = loadSeq.current;
      getRequest(c.request_id)
        .then((r) => {
          if (seq !== loadSeq.current) return;
          const current = filtersRef.current;
          const fits = matches(r, current, me);
          const list = itemsRef.current;
          const idx = list.findIndex((x) => x.id === r.id);
          if (idx >= 0) {
            if (list[idx].version > r.version) return; // an older answer overtaken by a newer one
            const next = list.slice();
            next[idx] = r;
            itemsRef.current = next; // the next event (before the render) builds on this list
            setItems(next);
            setGone((g) => {
              const n = new Set(g);
              if (fits) n.delete(r.id);
              else n.add(r.id);
              return n;
            });
            setLiveText(t('birim.liveChanged', { time: formatTime(new Date().toISOString()), number: r.tracking_number }));
            return;
          }
          if (!fits || current.q.trim()) return;
          const cmp = compareRequests(current.sort);
          let at = list.findIndex((x) => cmp(r, x) < 0);
          if (at < 0) {
            // After the last loaded row: it belongs on a later page unless this is the last one.
            if (cursorRef.current) return;
            at = list.length;
          }
          const next = list.slice();
          next.splice(at, 0, r);
          // The row now at `at` moves down by one row: if it is on screen or above it, hold it in place.
          const below = list[at];
          const el = below && document.querySelector(`[data-testid=inbox-row][data-id="${below.id}"]`);
          if (el) {
            const top = el.getBoundingClientRect().top;
            if (top < window.innerHeight) anchor.current = { id: below.id, top };
          }
          itemsRef.current = next;
          setItems(next);
          setFresh((s) => new Set(s).add(r.id));
          setLiveText(t('birim.liveNew', { number: r.tracking_number }));
        })
        .catch((e) => {
          if (e instanceof ApiError && e.status === 404 && itemsRef.current.some((x) => x.id === c.request_id)) {
            setGone((g) => new Set(g).add(c.request_id));
            setLiveText(t('birim.liveChanged', { time: formatTime(new Date().toISOString()), number: c.tracking_number }));
          }
        });
    },
    [me],
  );
  useRequestChanges(onChange);

  const units = useLoad<Unit[] | undefined>(() => loadUnits().catch(() => undefined), []);
  const unitName = (code: string) => units?.find((u) => u.code === code)?.name ?? code;
  const heading = unitRole && me?.unit ? t('birim.titleUnit', { unit: unitName(me.unit) }) : t('birim.title');

  return (
    <Shell live wide>
      <div class="birim">
        <div class="birim-head">
          <h1>{heading}</h1>
        </div>
        <FilterPanel filters={filters} onFilters={setFilters} unitRole={unitRole} units={units} />
        <p class="birim-live small muted" role="status" aria-live="polite" data-testid="inbox-live">
          {liveText || t('birim.liveIdle')}
        </p>
        <ProblemAlert error={error} />
        <section aria-labelledby="inbox-list-title">
          <h2 id="inbox-list-title" class="sr-only">
            {t('birim.list')}
          </h2>
          {!ready && <Loading />}
          <ul
            class="inbox-list"
            data-testid="inbox-list"
            data-ready={ready ? 'true' : 'false'}
            data-sort={shown?.sort}
            data-loading={shown !== filters ? 'true' : 'false'}
            aria-busy={shown !== filters}
          >
            {items.map((r) => (
              <Row
                key={r.id}
                r={r}
                now={now}
                mine={!!me && r.assignee_id === me.id}
                gone={gone.has(r.id)}
                fresh={fresh.has(r.id)}
                showUnit={!unitRole && !filters.unit}
              />
            ))}
          </ul>
          {ready && !error && items.length === 0 && <Empty>{t('birim.empty')}</Empty>}
          {ready && items.length > 0 && (
            <div class="row inbox-foot">
              <span class="muted small" data-testid="inbox-count">
                {cursor ? t('birim.countMore', { n: items.length }) : t('birim.count', { n: items.length })}
              </span>
              {cursor && (
                <button type="button" class="button" onClick={loadMore} disabled={loadingMore} data-testid="inbox-more">
                  {loadingMore ? t('app.loading') : t('birim.more')}
                </button>
              )}
            </div>
          )}
        </section>
      </div>
    </Shell>
  );
}

function Row({
  r,
  now,
  mine,
  gone,
  fresh,
  showUnit,
}: {
  r: ServiceRequest;
  now: number;
  mine: boolean;
  gone: boolean;
  fresh: boolean;
  showUnit: boolean;
}) {
  const place = [r.location?.district_name, r.location?.neighbourhood_name].filter(Boolean).join(' · ');
  const sla = r.overdue ? 'late' : '';
  return (
    <li
      class={`inbox-row${gone ? ' inbox-row--gone' : ''}${fresh ? ' inbox-row--fresh' : ''}${sla ? ' inbox-row--late' : ''}`}
      data-testid="inbox-row"
      data-tracking={r.tracking_number}
      data-id={r.id}
      data-status={r.status}
      data-unit={r.unit}
      data-gone={gone ? 'true' : undefined}
    >
      <a href={`/birim/talep/${r.id}`} onClick={onLinkClick} class="inbox-row__link">
        <span class="inbox-row__id">
          <strong class="tabular">{r.tracking_number}</strong>
          <span class="small muted">{formatDateTime(r.created_at)}</span>
        </span>
        <span class="inbox-row__main">
          <span class="inbox-row__cat">
            {r.category_name}
            {showUnit && <span class="muted small"> · {r.unit_name || r.unit}</span>}
          </span>
          <span class="inbox-row__desc">{r.description}</span>
        </span>
        <span class="inbox-row__place small">
          {place || <span class="muted">{t('birim.noLocation')}</span>}
          <span class="muted">
            {mine ? t('birim.assignedToMe') : r.assignee_id ? t('birim.assigned') : t('birim.unassigned')}
          </span>
        </span>
        <span class="inbox-row__state">
          <StatusBadge status={r.status} label={statusText(r.status, r.status_label)} />
          {r.status === 'on_hold' ? (
            <span class="badge badge--sla badge--sla-paused" data-sla="paused">
              {t('birim.slaPaused')}
            </span>
          ) : (
            <SlaBadge dueAt={r.due_at} status={r.status} now={now} />
          )}
          {gone && <span class="badge inbox-row__gone">{t('birim.gone')}</span>}
        </span>
      </a>
    </li>
  );
}

function FilterPanel({
  filters,
  onFilters,
  unitRole,
  units,
}: {
  filters: Filters;
  onFilters: (f: Filters) => void;
  unitRole: boolean;
  units: Unit[] | undefined;
}) {
  const categories = useLoad(loadCategories, []);
  const districts = useLoad(loadDistricts, []);
  const statusLabel = (code: string) => statusText(code);
  const [q, setQ] = useState(filters.q);
  const { me } = useSession();
  const [views, setViews] = useState<SavedView[]>(() => loadViews(me?.id));
  const [naming, setNaming] = useState(false);
  const [viewName, setViewName] = useState('');
  const [viewError, setViewError] = useState('');
  const [savedMsg, setSavedMsg] = useState('');
  const [open] = useState(() => typeof matchMedia === 'undefined' || matchMedia('(min-width: 700px)').matches);
  useEffect(() => setQ(filters.q), [filters.q]);

  const set = (patch: Partial<Filters>) => onFilters({ ...filters, q, ...patch });

  const builtIn: SavedView[] = useMemo(
    () => [
      // The order is a preference, not a filter: the built-in views keep the one chosen.
      { name: t('birim.view.open'), filters: { ...DEFAULT_FILTERS, unit: filters.unit, sort: filters.sort } },
      { name: t('birim.view.mine'), filters: { ...DEFAULT_FILTERS, unit: filters.unit, sort: filters.sort, mine: true } },
      { name: t('birim.view.overdue'), filters: { ...DEFAULT_FILTERS, unit: filters.unit, sort: filters.sort, overdue: true } },
    ],
    [filters.unit, filters.sort],
  );

  const categoryOptions = useMemo(() => {
    const out: { value: string; label: string }[] = [];
    for (const top of categories ?? []) {
      if (!top.active) continue;
      out.push({ value: top.code, label: categoryName(top) });
      for (const sub of top.children ?? []) if (sub.active) out.push({ value: sub.code, label: `— ${categoryName(sub)}` });
    }
    return out;
  }, [categories]);

  function saveView(e: Event) {
    e.preventDefault();
    const name = viewName.trim();
    if (!name) {
      setViewError(t('birim.viewNameRequired'));
      return;
    }
    const next = [...views.filter((v) => v.name !== name), { name, filters: { ...filters, q } }];
    setViews(next);
    storeViews(me?.id, next);
    setNaming(false);
    setViewName('');
    setViewError('');
    setSavedMsg(t('birim.viewSaved', { name }));
  }

  function deleteView(name: string) {
    const next = views.filter((v) => v.name !== name);
    setViews(next);
    storeViews(me?.id, next);
  }

  const active = [filters.status !== 'open', !!filters.category, !!filters.district, filters.overdue, filters.mine, !!filters.q]
    .filter(Boolean).length;

  return (
    <div class="birim-tools">
      <div class="birim-views" role="group" aria-label={t('birim.views')}>
        {[...builtIn, ...views].map((v, i) => (
          <span class="view-chip" key={`${i}-${v.name}`}>
            <button
              type="button"
              class="button view-chip__apply"
              aria-pressed={sameFilters(v.filters, filters)}
              data-testid="saved-view"
              onClick={() => onFilters({ ...v.filters, unit: unitRole ? '' : v.filters.unit })}
            >
              {v.name}
            </button>
            {i >= builtIn.length && (
              <button
                type="button"
                class="button view-chip__delete"
                aria-label={t('birim.viewDelete', { name: v.name })}
                title={t('birim.viewDelete', { name: v.name })}
                onClick={() => deleteView(v.name)}
              >
                ×
              </button>
            )}
          </span>
        ))}
        {!naming && (
          <button type="button" class="link-button" onClick={() => (setNaming(true), setSavedMsg(''))} data-testid="view-save-open">
            {t('birim.viewSave')}
          </button>
        )}
        <span class="small muted" role="status">
          {savedMsg}
        </span>
      </div>
      {naming && (
        <form class="view-form row" onSubmit={saveView} noValidate>
          <TextInput
            id="view-name"
            label={t('birim.viewName')}
            value={viewName}
            onValue={setViewName}
            error={viewError}
            maxLength={60}
            autoFocus
          />
          <button type="submit" class="button button--primary" data-testid="view-save">
            {t('form.save')}
          </button>
          <button type="button" class="button" onClick={() => (setNaming(false), setViewError(''))}>
            {t('form.cancel')}
          </button>
        </form>
      )}
      <details class="card birim-filters" open={open}>
        <summary>
          {t('birim.filters')}
          {active > 0 && <span class="badge">{active}</span>}
        </summary>
        <form
          class="birim-filters__grid"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            set({ q });
          }}
        >
          {!unitRole && (
            <Select
              key={`unit-${units?.length ?? 0}`}
              id="filter-unit"
              label={t('birim.unit')}
              value={filters.unit}
              onValue={(unit) => set({ unit })}
              placeholder={t('birim.allUnits')}
              options={(units ?? []).filter((u) => u.active).map((u) => ({ value: u.code, label: u.name }))}
            />
          )}
          <Select
            id="filter-status"
            label={t('birim.status')}
            value={filters.status}
            onValue={(status) => set({ status })}
            options={[
              { value: 'open', label: t('birim.status.open') },
              { value: 'done', label: t('birim.status.done') },
              { value: 'all', label: t('birim.status.all') },
              ...['routed', 'in_progress', 'on_hold', 'reopened', 'resolved', 'closed', 'rejected'].map((s) => ({
                value: s,
                label: statusLabel(s),
              })),
            ]}
          />
          <Select
            key={`category-${categoryOptions.length}`}
            id="filter-category"
            label={t('birim.category')}
            value={filters.category}
            onValue={(category) => set({ category })}
            placeholder={t('birim.allCategories')}
            options={categoryOptions}
          />
          <Select
            key={`district-${districts?.length ?? 0}`}
            id="filter-district"
            label={t('birim.district')}
            value={filters.district}
            onValue={(district) => set({ district })}
            placeholder={t('birim.allDistricts')}
            options={(districts ?? []).map((d) => ({ value: d.code, label: d.name }))}
          />
          <Select
            id="filter-sort"
            label={t('birim.sort')}
            value={filters.sort}
            onValue={(sort) => set({ sort: sort === 'newest' ? 'newest' : 'due' })}
            options={[
              { value: 'due', label: t('birim.sort.due') },
              { value: 'newest', label: t('birim.sort.newest') },
            ]}
          />
          <div class="birim-filters__search">
            <TextInput id="filter-q" type="search" label={t('birim.search')} value={q} onValue={setQ} hint={t('birim.searchHint')} maxLength={200} />
            <button type="submit" class="button button--primary" data-testid="filter-apply">
              {t('birim.apply')}
            </button>
          </div>
          <div class="birim-filters__checks">
            <Checkbox id="filter-overdue" label={t('birim.overdue')} checked={filters.overdue} onValue={(overdue) => set({ overdue })} />
            <Checkbox id="filter-mine" label={t('birim.mine')} checked={filters.mine} onValue={(mine) => set({ mine })} />
            <button type="button" class="link-button" onClick={() => onFilters({ ...DEFAULT_FILTERS, unit: filters.unit })}>
              {t('birim.reset')}
            </button>
          </div>
        </form>
      </details>
    </div>
  );
}
