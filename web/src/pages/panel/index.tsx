// The dashboard: today's counters, open and overdue by unit, resolution times, 30-day trends, top subjects and
// districts, and a map of open requests. Three GETs (the figures of 30 days and of today, the newest open requests) feed
// everything; live events from the stream refetch them (debounced), and every box has a fixed size so that
// nothing moves when the numbers change.
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { listRequests } from '../../api/requests';
import { type Stats, getStats } from '../../api/stats';
import { listUnits } from '../../api/units';
import { categoryName, loadCategories, loadDistricts, subCategories, useLoad } from '../../api/catalog';
import { useContactChanges, useRequestChanges, useStreamReset } from '../../api/live';
import type { ServiceRequest, Unit } from '../../api/types';
import { formatNumber, formatTime, istanbulToday } from '../../format';
import { t } from '../../i18n';
import { useSession } from '../../session';
import { ProblemAlert } from '../../ui/form';
import { Shell } from '../../ui/layout';
import { MapView, type MapPoint } from '../../ui/map';
import { TrendChart } from './chart';
import './style.css';

type Counts = Record<string, number>;

const OPEN = 'new,routed,in_progress,on_hold,reopened';
const MAP_LIMIT = 200;
const DEBOUNCE_MS = 1000;

export default function PanelPage() {
  const { me } = useSession();
  const [stats, setStats] = useState<Stats | null>(null);
  const [today, setToday] = useState<Stats | null>(null);
  const [open, setOpen] = useState<ServiceRequest[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [updatedAt, setUpdatedAt] = useState<string>('');
  const [refreshing, setRefreshing] = useState(false);
  const units = useLoad<Unit[] | undefined>(
    (): Promise<Unit[] | undefined> => listUnits().then((p) => p.items).catch(() => undefined),
    [],
  );
  const categories = useLoad(loadCategories, []);
  const districts = useLoad(loadDistricts, []);

  // The last 30 days (trends, top subjects, resolution) and today alone (calls by channel), side by side.
  const loadStats = useCallback(async () => {
    const to = istanbulToday();
    const [month, day] = await Promise.all([
      getStats(istanbulToday(-29), to),
      getStats(to, to),
    ]);
    setStats(month);
    setToday(day);
  }, []);
  const loadOpen = useCallback(async () => {
    const page = await listRequests({ status: OPEN, sort: 'newest', limit: MAP_LIMIT });
    setOpen(page.items);
  }, []);

  const refresh = useCallback(
    async (what: { stats: boolean; open: boolean }) => {
      setRefreshing(true);
      try {
        await Promise.all([what.stats ? loadStats() : null, what.open ? loadOpen() : null]);
        setError(null);
        setUpdatedAt(new Date().toISOString());
      } catch (e) {
        setError(e);
      } finally {
        setRefreshing(false);
      }
    },
    [loadStats, loadOpen],
  );

  useEffect(() => {
    refresh({ stats: true, open: true });
  }, [refresh]);

  // Live: collect what changed, refetch once a second at most.
  const pending = useRef({ stats: false, open: false });
  const timer = useRef<number | null>(null);
  const schedule = useCallback(
    (openToo: boolean) => {
      pending.current.stats = true;
      if (openToo) pending.current.open = true;
      if (timer.current !== null) return;
      timer.current = window.setTimeout(() => {
        timer.current = null;
        const what = pending.current;
        pending.current = { stats: false, open: false };
        refresh(what);
      }, DEBOUNCE_MS);
    },
    [refresh],
  );
  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );
  useRequestChanges(useCallback(() => schedule(true), [schedule]));
  useContactChanges(useCallback(() => schedule(false), [schedule]));
  useStreamReset(useCallback(() => schedule(true), [schedule]));

  const unitName = (code: string) => units?.find((u) => u.code === code)?.name ?? code;
  const todayStats = today;
  const unitRole = me?.role === 'unit_manager' || me?.role === 'unit_staff';
  const heading = unitRole && me?.unit ? t('panel.titleUnit', { unit: unitName(me.unit) }) : t('panel.title');

  const catNames = useMemo(() => {
    const m = new Map<string, string>();
    for (const { sub, top } of subCategories(categories ?? [])) m.set(sub.code, `${categoryName(top)} — ${categoryName(sub)}`);
    return m;
  }, [categories]);
  const districtNames = useMemo(() => new Map((districts ?? []).map((d) => [d.code, d.name])), [districts]);

  const points = useMemo<MapPoint[]>(
    () =>
      (open ?? [])
        .filter((r) => typeof r.location?.lat === 'number' && typeof r.location?.lon === 'number')
        .map((r) => ({
          lat: r.location.lat as number,
          lon: r.location.lon as number,
          color: r.overdue ? '#b3261e' : '#0b4f8a',
          label: `${r.tracking_number} · ${r.category_name}${r.overdue ? ` · ${t('panel.mapLegendLate')}` : ''}`,
        })),
    [open],
  );

  const topDistricts = useMemo(() => {
    const counts: Counts = {};
    for (const r of open ?? []) {
      const d = r.location?.district;
      if (d) counts[d] = (counts[d] ?? 0) + 1;
    }
    return counts;
  }, [open]);

  const requestsToday = todayStats ? todayStats.requests.total : null;
  // Calls are phone contacts; walk-ins, e-mails and the like are counted beside them.
  const callsToday = todayStats ? todayStats.contacts.by_channel.phone ?? 0 : null;
  const otherContactsToday = todayStats ? todayStats.contacts.total - (callsToday ?? 0) : null;
  const res = stats?.resolution.all;

  const unitRows = useMemo(() => {
    if (!stats) return [];
    const codes = new Set([
      ...Object.keys(stats.now.open_by_unit),
      ...Object.keys(stats.now.overdue_by_unit),
      ...Object.keys(stats.resolution.by_unit),
    ]);
    return [...codes]
      .map((code) => ({
        code,
        open: stats.now.open_by_unit[code] ?? 0,
        overdue: stats.now.overdue_by_unit[code] ?? 0,
        res: stats.resolution.by_unit[code],
      }))
      .sort((a, b) => b.open - a.open || b.overdue - a.overdue || a.code.localeCompare(b.code));
  }, [stats]);

  return (
    <Shell live wide>
      <div class="panel" data-testid="panel" data-ready={stats && today && open ? 'true' : 'false'}>
        <div class="panel-head">
          <h1>{heading}</h1>
          <p class="small muted panel-updated" role="status" aria-live="off">
            {refreshing && !updatedAt ? t('panel.updating') : updatedAt ? t('panel.updated', { time: formatTime(updatedAt) }) : ''}
          </p>
        </div>
        <ProblemAlert error={error} />

        <section class="panel-tiles" aria-label={t('panel.title')}>
          <Tile label={t('panel.requestsToday')} value={requestsToday} testid="stat-requests-today" />
          <Tile
            label={t('panel.callsToday')}
            value={callsToday}
            testid="stat-calls-today"
            note={otherContactsToday ? t('panel.otherContacts', { n: formatNumber(otherContactsToday) }) : undefined}
          />
          <Tile label={t('panel.open')} value={stats ? stats.now.open : null} testid="stat-open" />
          <Tile label={t('panel.overdue')} value={stats ? stats.now.overdue : null} testid="stat-overdue" tone={stats && stats.now.overdue > 0 ? 'bad' : undefined} />
          <div class="tile tile--wide" data-testid="stat-resolution">
            <span class="tile__label">{t('panel.resolution')}</span>
            <span class="tile__pair">
              <span>
                <span class="tile__small">{t('panel.median')}</span>
                <span class="tile__value tabular" data-testid="stat-median-hours">
                  {hours(res?.median_hours)}
                </span>
              </span>
              <span>
                <span class="tile__small">{t('panel.p90')}</span>
                <span class="tile__value tabular" data-testid="stat-p90-hours">
                  {hours(res?.p90_hours)}
                </span>
              </span>
            </span>
            <span class="tile__small">{res ? t('panel.resolvedCount', { n: formatNumber(res.resolved) }) : '\u00a0'}</span>
          </div>
        </section>

        <div class="panel-grid">
          <section class="card panel-box panel-box--trend" aria-labelledby="trend-title">
            <h2 id="trend-title">{t('panel.trend')}</h2>
            <TrendChart
              from={istanbulToday(-29)}
              requests={stats?.requests.by_day ?? null}
              contacts={stats?.contacts.by_day ?? null}
              labels={{ day: t('panel.day'), requests: t('panel.trendRequests'), contacts: t('panel.trendContacts') }}
              summary={
                stats
                  ? t('panel.trendSummary', { requests: formatNumber(stats.requests.total), contacts: formatNumber(stats.contacts.total) })
                  : ''
              }
            />
          </section>

          <section class="card panel-box" aria-labelledby="units-title">
            <h2 id="units-title">{t('panel.byUnit')}</h2>
            <div class="panel-scroll" tabIndex={0} aria-labelledby="units-title">
              <table class="panel-table" data-testid="units-table">
                <thead>
                  <tr>
                    <th scope="col">{t('panel.unit')}</th>
                    <th scope="col" class="num">{t('panel.unitOpen')}</th>
                    <th scope="col" class="num">{t('panel.unitOverdue')}</th>
                    <th scope="col" class="num">{t('panel.unitMedian')}</th>
                    <th scope="col" class="num">{t('panel.unitP90')}</th>
                  </tr>
                </thead>
                <tbody>
                  {unitRows.map((u) => (
                    <tr key={u.code} data-unit={u.code}>
                      <th scope="row">{unitName(u.code)}</th>
                      <td class="num tabular" data-col="open">{u.open}</td>
                      <td class={`num tabular${u.overdue ? ' is-bad' : ''}`} data-col="overdue">{u.overdue}</td>
                      <td class="num tabular">{hours(u.res?.median_hours)}</td>
                      <td class="num tabular">{hours(u.res?.p90_hours)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {stats && unitRows.length === 0 && <p class="empty">{t('panel.empty')}</p>}
            </div>
          </section>

          <section class="card panel-box" aria-labelledby="cats-title">
            <h2 id="cats-title">{t('panel.topCategories')}</h2>
            <Bars counts={stats?.requests.by_category ?? null} name={(c) => catNames.get(c) ?? c} testid="top-categories" />
          </section>

          <section class="card panel-box panel-box--districts" aria-labelledby="districts-title">
            <h2 id="districts-title">{t('panel.topDistricts')}</h2>
            <Bars counts={open ? topDistricts : null} name={(c) => districtNames.get(c) ?? c} testid="top-districts" />
            <p class="small muted panel-note">{open ? t('panel.topDistrictsNote', { n: open.length }) : '\u00a0'}</p>
          </section>

          <section class="card panel-box panel-box--map" aria-labelledby="map-title">
            <h2 id="map-title">{t('panel.map')}</h2>
            <p class="small muted panel-note" data-testid="map-note">
              {open ? t('panel.mapNote', { n: open.length, shown: points.length }) : '\u00a0'}
            </p>
            <MapView points={points} showDistricts height="420px" label={t('panel.map')} />
            <p class="small panel-legend">
              <span class="dot dot--late" aria-hidden="true" /> {t('panel.mapLegendLate')}
              <span class="dot dot--open" aria-hidden="true" /> {t('panel.mapLegendOpen')}
            </p>
          </section>
        </div>
      </div>
    </Shell>
  );
}

function hours(h: number | null | undefined): string {
  if (h === null || h === undefined || !Number.isFinite(h)) return t('panel.none');
  return t('panel.hours', { n: formatNumber(h, h < 10 ? 1 : 0) });
}

function Tile({ label, value, testid, tone, note }: { label: string; value: number | null; testid: string; tone?: 'bad'; note?: string }) {
  const id = `${testid}-label`;
  return (
    <div class={`tile${tone ? ` tile--${tone}` : ''}`} role="group" aria-labelledby={id}>
      <span class="tile__label" id={id}>
        {label}
      </span>
      {/* The element's text is the bare number (tests and screen readers read it as such). */}
      <span class="tile__value tabular" data-testid={testid} data-loaded={value === null ? 'false' : 'true'}>
        {value === null ? '…' : String(value)}
      </span>
      <span class="tile__small">{note ?? '\u00a0'}</span>
    </div>
  );
}

function Bars({ counts, name, testid }: { counts: Counts | null; name: (code: string) => string; testid: string }) {
  if (!counts) return <div class="bars" />;
  const top = Object.entries(counts)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 8);
  if (top.length === 0) return <p class="empty">{t('panel.empty')}</p>;
  const max = top[0][1] || 1;
  return (
    <ol class="bars" data-testid={testid}>
      {top.map(([code, n]) => (
        <li key={code} data-code={code}>
          <span class="bars__name">{name(code)}</span>
          <span class="bars__track" aria-hidden="true">
            <span class="bars__fill" style={{ width: `${Math.max(2, (n / max) * 100)}%` }} />
          </span>
          <span class="bars__n tabular">{formatNumber(n)}</span>
        </li>
      ))}
    </ol>
  );
}
