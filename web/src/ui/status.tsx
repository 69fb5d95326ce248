// Status and SLA badges: colour plus words (never colour alone).
import { useEffect, useState } from 'preact/hooks';
import { slaState } from '../format';

const CLOSED = new Set(['resolved', 'closed', 'rejected']);

export function StatusBadge({ status, label }: { status: string; label: string }) {
  return <span class={`badge badge--status badge--${status}`}>{label}</span>;
}

/** Ticks every 30 s so countdowns stay true without reloading. */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}

/** Time left until the due time, coloured by urgency (green, amber under 4 hours, red when overdue). */
export function SlaBadge({ dueAt, status, now }: { dueAt: string | null; status: string; now?: number }) {
  const tick = useNow();
  if (!dueAt || CLOSED.has(status)) return null;
  const s = slaState(dueAt, now ?? tick);
  return (
    <span class={`badge badge--sla badge--sla-${s.level}`} data-sla={s.level}>
      {s.text}
    </span>
  );
}
