// A request's facts (category, unit, type, channel, priority, dates…) as a definition list.
import { loadMeta, useLoad } from '../../api/catalog';
import type { ServiceRequest, User } from '../../api/types';
import { formatDateTime } from '../../format';
import { type MessageKey, t } from '../../i18n';

export function Facts({ req, assignee }: { req: ServiceRequest; assignee: User | undefined }) {
  const meta = useLoad(loadMeta, []);
  const label = (list: { code: string; label: string }[] | undefined, code: string) =>
    list?.find((x) => x.code === code)?.label ?? code;
  const rows: [string, string][] = [
    [t('birim.category'), req.category_name],
    [t('birim.unit'), req.unit_name || req.unit],
    [t('birim.type'), codeText('birim.type', req.type, label(meta?.types, req.type))],
    [t('birim.channel'), codeText('birim.channel', req.channel, label(meta?.channels, req.channel))],
    [t('birim.priority'), priorityLabel(req.priority)],
    [t('birim.assignee'), assignee?.display_name ?? (req.assignee_id ? `#${req.assignee_id}` : t('birim.unassigned'))],
    [t('birim.createdAt'), formatDateTime(req.created_at)],
    [t('birim.dueAt'), formatDateTime(req.due_at)],
  ];
  if (req.accepted_at) rows.push([t('birim.acceptedAt'), formatDateTime(req.accepted_at)]);
  if (req.on_hold_since) rows.push([t('birim.onHoldSince'), formatDateTime(req.on_hold_since)]);
  if (req.resolved_at) rows.push([t('birim.resolvedAt'), formatDateTime(req.resolved_at)]);
  return (
    <dl class="facts">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A code's label from this area's strings, else the server's (Turkish) label. */
function codeText(prefix: string, code: string, fallback: string): string {
  const key = `${prefix}.${code}` as MessageKey;
  const text = t(key);
  return text === key ? fallback : text;
}

function priorityLabel(code: string): string {
  const key = `birim.priority.${code}` as MessageKey;
  return t(key) === key ? code : t(key);
}
