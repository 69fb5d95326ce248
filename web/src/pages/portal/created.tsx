// What the citizen sees once the request is filed: the tracking number, where it went, and the way to follow it.
import { useEffect, useRef, useState } from 'preact/hooks';
import { type Receipt } from '../../api/public';
import { type MessageKey, t } from '../../i18n';
import { formatDateTime } from '../../format';
import { onLinkClick } from '../../router';
import { Notice } from '../../ui/feedback';
import { Shell } from '../../ui/layout';
import { StatusBadge } from '../../ui/status';

export function Created({ receipt, onAnother }: { receipt: Receipt; onAnother: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => heading.current?.focus(), []);
  const trackHref = `/takip?number=${encodeURIComponent(receipt.tracking_number)}`;
  return (
    <Shell>
      <div class="portal">
        <section class="card portal-created" data-testid="portal-created">
          <h1 ref={heading} tabIndex={-1}>
            {t('portal.created.title')}
          </h1>
          <p class="portal-number-label">{t('portal.created.number')}</p>
          <p class="portal-number" data-testid="tracking-number">
            {receipt.tracking_number}
          </p>
          {'clipboard' in navigator && (
            <button
              type="button"
              class="button"
              onClick={() => navigator.clipboard.writeText(receipt.tracking_number).then(() => setCopied(true), () => undefined)}
            >
              {copied ? t('portal.created.copied') : t('portal.created.copy')}
            </button>
          )}
          <Notice kind="info">{t('portal.created.keep')}</Notice>
          <dl class="portal-facts">
            <dt>{t('portal.created.category')}</dt>
            <dd>{receipt.category_name}</dd>
            <dt>{t('portal.created.unit')}</dt>
            <dd>{receipt.unit_name}</dd>
            <dt>{t('portal.created.status')}</dt>
            <dd>
              <StatusBadge status={receipt.status} label={statusLabel(receipt.status, receipt.status_label)} />
            </dd>
            {receipt.due_at && (
              <>
                <dt>{t('portal.created.due')}</dt>
                <dd>{formatDateTime(receipt.due_at)}</dd>
              </>
            )}
          </dl>
          <div class="row">
            <a class="button button--primary" href={trackHref} onClick={onLinkClick} data-testid="portal-track-link">
              {t('portal.created.track')}
            </a>
            <button type="button" class="button" onClick={onAnother}>
              {t('portal.created.another')}
            </button>
          </div>
        </section>
      </div>
    </Shell>
  );
}

/** The status in the interface language (the server's label is Turkish). */
export function statusLabel(code: string, serverLabel: string): string {
  const key = `portal.status.${code}` as MessageKey;
  const text = t(key);
  return text === key ? serverLabel : text;
}
