// Pieces every administration tab uses: the unit list, code labels in the interface language, server problems
// mapped onto form fields, and a two-step confirmation instead of window.confirm.
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import { type UnitRow, listUnits } from '../../api/units';
import { type MessageKey, t } from '../../i18n';

export const ROLES = ['agent', 'supervisor', 'unit_staff', 'unit_manager', 'admin'] as const;
export const UNIT_ROLES = new Set(['unit_staff', 'unit_manager']);
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const CHANNELS = ['phone', 'walk_in', 'web', 'mobile', 'email', 'sms', 'whatsapp', 'social_media', 'cimer', 'open311'] as const;
export const TYPES = ['request', 'complaint', 'suggestion', 'report', 'information', 'thanks'] as const;
export const UNIT_KINDS = ['internal', 'company', 'district', 'external'] as const;
export const CLOCKS = ['24x7', 'working_hours'] as const;

/** A code's label: yonetim.<group>.<code>, or the code itself when there is none. */
export function label(group: 'role' | 'priority' | 'channel' | 'type' | 'kind' | 'clock', code: string | null | undefined): string {
  if (!code) return '';
  const key = `yonetim.${group}.${code}` as MessageKey;
  const text = t(key);
  return text === key ? code : text;
}

export type { UnitRow };

/** The units (all of them, active first by the server's order), reloadable. */
export function useUnits(): { units: UnitRow[] | undefined; reload: () => void; error: unknown } {
  const [units, setUnits] = useState<UnitRow[] | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    listUnits()
      .then((r) => live && setUnits(r.items))
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [tick]);
  return { units, reload: () => setTick((n) => n + 1), error };
}

/** "Active" or "inactive", as a badge. */
export function ActiveBadge({ active }: { active: boolean }) {
  return <span class={`badge ${active ? 'badge--sla-ok' : 'badge--rejected'}`}>{active ? t('yonetim.active') : t('yonetim.inactive')}</span>;
}

export function unitName(units: UnitRow[] | undefined, code: string | null | undefined): string {
  if (!code) return '';
  if (code === '@district') return t('yonetim.unit.district');
  return units?.find((u) => u.code === code)?.name ?? code;
}

export type Errors = Record<string, string | undefined>;

/**
 * A server problem for a form: the field it names gets the message (through `fields`, server name → form key),
 * and the caller shows the whole problem with ProblemAlert.
 */
export function serverErrors(err: unknown, fields: Record<string, string>): Errors {
  if (!(err instanceof ApiError) || !err.field) return {};
  const key = fields[err.field] ?? fields[err.field.replace(/^.*\./, '')];
  return key ? { [key]: err.detail || err.title } : {};
}

/** Focuses the control of the first field in error, in the order given. */
export function focusFirst(errors: Errors, ids: Record<string, string>) {
  const first = Object.keys(ids).find((k) => errors[k]);
  if (first) requestAnimationFrame(() => document.getElementById(ids[first])?.focus());
}

export function hasErrors(errors: Errors): boolean {
  return Object.values(errors).some(Boolean);
}

/** A button that asks once more before doing something that cannot be undone. */
export function ConfirmButton({
  label: text,
  question,
  onConfirm,
  testid,
  disabled,
}: {
  label: string;
  question: string;
  onConfirm: () => void;
  testid?: string;
  disabled?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button type="button" class="button button--danger yon-small" data-testid={testid} disabled={disabled} onClick={() => setAsking(true)}>
        {text}
      </button>
    );
  return (
    <span class="yon-confirm" role="group" aria-label={question}>
      <span>{question}</span>
      <button
        type="button"
        class="button button--danger yon-small"
        data-testid={testid ? `${testid}-yes` : undefined}
        ref={(el) => el?.focus()}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {t('yonetim.confirm.yes')}
      </button>
      <button type="button" class="button yon-small" onClick={() => setAsking(false)}>
        {t('form.cancel')}
      </button>
    </span>
  );
}

/** "08:30" ↔ 510 minutes. */
export function minutesToTime(m: number | undefined): string {
  if (m === undefined || m === null) return '';
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

export function timeToMinutes(s: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(s.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 24 || min > 59 || (h === 24 && min > 0)) return null;
  return h * 60 + min;
}

/** The working days of a bit mask (Monday = 1) as short names. */
export function weekdaysText(mask: number): string {
  const names = [0, 1, 2, 3, 4, 5, 6].filter((d) => mask & (1 << d)).map((d) => t(`yonetim.day.${d}` as MessageKey));
  return names.join(', ');
}
