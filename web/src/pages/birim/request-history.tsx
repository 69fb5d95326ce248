// A request's history, oldest first: status changes, notes, answers and who did them.
import type { RequestEvent } from '../../api/types';
import { formatDateTime } from '../../format';
import { type MessageKey, t } from '../../i18n';
import { Empty } from '../../ui/feedback';
import { statusText } from './shared';

export function History({ events }: { events: RequestEvent[] }) {
  const status = (code: string | null) => statusText(code);
  if (events.length === 0) return <Empty>{t('birim.noHistory')}</Empty>;
  return (
    <ol class="history" data-testid="history">
      {events.map((e) => {
        const kindKey = `birim.event.${e.kind}` as MessageKey;
        const kind = t(kindKey) === kindKey ? e.kind : t(kindKey);
        const moved = e.from_status && e.to_status && e.from_status !== e.to_status;
        return (
          <li key={e.id} class={`history__item${e.public ? ' history__item--public' : ''}`} data-kind={e.kind}>
            <div class="history__head">
              <strong>{kind}</strong>
              <span class={`badge ${e.public ? 'badge--resolved' : ''}`}>{e.public ? t('birim.public') : t('birim.internal')}</span>
              <time class="small muted" dateTime={e.at}>
                {formatDateTime(e.at)}
              </time>
              <span class="small muted">{e.actor_name || t('birim.system')}</span>
            </div>
            {moved && (
              <p class="small muted">{t('birim.statusChange', { from: status(e.from_status), to: status(e.to_status) })}</p>
            )}
            {e.text && e.kind !== 'photo_added' && <p class="history__text">{e.text}</p>}
          </li>
        );
      })}
    </ol>
  );
}
