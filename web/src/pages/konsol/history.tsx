// The caller's history as soon as the number is complete: who they are (masked until the agent opens it, with a
// reason the server logs), their open requests first, then earlier requests and earlier contacts.
import { useState } from 'preact/hooks';
import { categoryName, loadCategories, useLoad } from '../../api/catalog';
import { revealCitizen } from '../../api/citizens';
import type { CallerLookup, Citizen, Contact, ServiceRequest } from '../../api/types';
import { formatDateTime } from '../../format';
import { t } from '../../i18n';
import { Empty } from '../../ui/feedback';
import { Field, ProblemAlert, describedBy } from '../../ui/form';
import { SlaBadge, StatusBadge } from '../../ui/status';
import { findSub } from './category-picker';
import { codeLabel } from './labels';
import { displayPhone } from '../../phone';

const CLOSED = new Set(['resolved', 'closed', 'rejected']);
const EARLIER_SHOWN = 8;

export function isOpen(r: ServiceRequest): boolean {
  return !CLOSED.has(r.status);
}

interface HistoryProps {
  lookup: CallerLookup;
  /** Citizens the agent has opened (unmasked), by id. */
  revealed: Record<number, Citizen>;
  onRevealed: (c: Citizen) => void;
  articleTitles: Record<number, string>;
}

export function CallerHistory({ lookup, revealed, onRevealed, articleTitles }: HistoryProps) {
  const [showAll, setShowAll] = useState(false);
  const open = lookup.requests.filter(isOpen);
  const earlier = lookup.requests.filter((r) => !isOpen(r));
  const byId = new Map(lookup.requests.map((r) => [r.id, r]));
  const earlierShown = showAll ? earlier : earlier.slice(0, EARLIER_SHOWN);
  const contactsShown = showAll ? lookup.contacts : lookup.contacts.slice(0, EARLIER_SHOWN);
  const more = earlier.length - earlierShown.length + lookup.contacts.length - contactsShown.length;
  return (
    <section class="card konsol-history" data-testid="caller-history" data-phone={lookup.phone} aria-labelledby="history-title">
      <h2 id="history-title">
        {t('konsol.history.title')} <span class="muted tabular">{displayPhone(lookup.phone)}</span>
      </h2>
      {lookup.citizens.length === 0 ? (
        <p class="muted" data-testid="caller-unknown">
          {t('konsol.history.unknown')}
        </p>
      ) : (
        <ul class="konsol-citizens">
          {lookup.citizens.map((c) => (
            <CitizenCard key={c.id} citizen={revealed[c.id] ?? c} revealed={!!revealed[c.id]} onRevealed={onRevealed} />
          ))}
        </ul>
      )}

      <h3>
        {t('konsol.history.open')} <span class="badge">{open.length}</span>
      </h3>
      {open.length === 0 ? (
        <Empty>{t('konsol.history.noOpen')}</Empty>
      ) : (
        <ul class="konsol-requests" data-testid="open-requests">
          {open.map((r) => (
            <RequestItem key={r.id} r={r} />
          ))}
        </ul>
      )}

      <h3>
        {t('konsol.history.earlier')} <span class="badge">{earlier.length}</span>
      </h3>
      {earlier.length === 0 ? (
        <Empty>{t('konsol.history.noEarlier')}</Empty>
      ) : (
        <ul class="konsol-requests" data-testid="earlier-requests">
          {earlierShown.map((r) => (
            <RequestItem key={r.id} r={r} />
          ))}
        </ul>
      )}

      <h3>
        {t('konsol.history.contacts')} <span class="badge">{lookup.contacts.length}</span>
      </h3>
      {lookup.contacts.length === 0 ? (
        <Empty>{t('konsol.history.noContacts')}</Empty>
      ) : (
        <ul class="konsol-contacts" data-testid="earlier-contacts">
          {contactsShown.map((c) => (
            <ContactItem key={c.id} c={c} request={c.request_id ? byId.get(c.request_id) : undefined} articleTitle={c.article_id ? articleTitles[c.article_id] : undefined} />
          ))}
        </ul>
      )}
      {more > 0 && (
        <button type="button" class="link-button" onClick={() => setShowAll(true)} data-testid="history-more">
          {t('konsol.history.more', { n: more })}
        </button>
      )}
    </section>
  );
}

function RequestItem({ r }: { r: ServiceRequest }) {
  const open = isOpen(r);
  const tree = useLoad(loadCategories);
  const found = tree ? findSub(tree, r.category) : null;
  return (
    <li class={`konsol-request${open ? ' konsol-request--open' : ''}`} data-testid="history-request" data-status={r.status} data-open={open} data-tracking={r.tracking_number}>
      <details>
        <summary>
          <span class="konsol-request-head">
            <StatusBadge status={r.status} label={codeLabel('status', r.status, r.status_label)} />
            {open && <SlaBadge dueAt={r.due_at} status={r.status} />}
            <strong class="tabular">{r.tracking_number}</strong>
          </span>
          <span class="konsol-request-cat">{found ? categoryName(found.sub) : r.category_name}</span>
          <span class="muted small">
            {formatDateTime(r.created_at)} · {r.unit_name}
          </span>
        </summary>
        <dl class="konsol-dl">
          <dt>{t('konsol.history.description')}</dt>
          <dd>{r.description}</dd>
          {(r.location.district_name || r.location.street) && (
            <>
              <dt>{t('konsol.history.location')}</dt>
              <dd>{[r.location.district_name, r.location.neighbourhood_name, r.location.street, r.location.address_text].filter(Boolean).join(', ')}</dd>
            </>
          )}
          {r.due_at && open && (
            <>
              <dt>{t('konsol.history.due')}</dt>
              <dd>{formatDateTime(r.due_at)}</dd>
            </>
          )}
          {r.public_answer && (
            <>
              <dt>{t('konsol.history.answer')}</dt>
              <dd>{r.public_answer}</dd>
            </>
          )}
          {r.reject_reason && (
            <>
              <dt>{t('konsol.history.rejectReason')}</dt>
              <dd>{r.reject_reason}</dd>
            </>
          )}
        </dl>
      </details>
    </li>
  );
}

function ContactItem({ c, request, articleTitle }: { c: Contact; request?: ServiceRequest; articleTitle?: string }) {
  return (
    <li class="konsol-contact" data-testid="history-contact" data-outcome={c.outcome ?? ''}>
      <span class="muted small tabular">{formatDateTime(c.started_at)}</span> <span>{codeLabel('channel', c.channel)}</span>
      {' · '}
      <strong>{c.outcome ? codeLabel('outcome', c.outcome) : t('konsol.history.contactOpen')}</strong>
      {request && <span class="tabular"> · {request.tracking_number}</span>}
      {c.article_id && <span> · {articleTitle ?? t('konsol.history.article', { id: c.article_id })}</span>}
      {c.note && <span class="muted"> · {c.note}</span>}
    </li>
  );
}

function CitizenCard({ citizen, revealed, onRevealed }: { citizen: Citizen; revealed: boolean; onRevealed: (c: Citizen) => void }) {
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const name = [citizen.first_name, citizen.last_name].filter(Boolean).join(' ') || t('konsol.history.noName');
  const reasonId = `reveal-reason-${citizen.id}`;

  async function reveal(e: Event) {
    e.preventDefault();
    const why = reason.trim();
    if (!why) return setReasonError(t('konsol.reveal.reasonRequired'));
    if (why.length > 200) return setReasonError(t('konsol.reveal.reasonTooLong'));
    setReasonError('');
    setBusy(true);
    setError(null);
    try {
      const full = await revealCitizen(citizen.id, why);
      onRevealed(full);
      setAsking(false);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <li class="konsol-citizen" data-testid="citizen" data-citizen-id={citizen.id} data-masked={revealed ? 'false' : 'true'}>
      <div class="row">
        <strong data-testid="citizen-name">{name}</strong>
        {citizen.kvkk_consent ? <span class="badge badge--resolved">{t('konsol.history.consent')}</span> : <span class="badge">{t('konsol.history.noConsent')}</span>}
        {revealed ? <span class="badge badge--on_hold">{t('konsol.reveal.shown')}</span> : <span class="badge">{t('konsol.reveal.masked')}</span>}
      </div>
      <dl class="konsol-dl konsol-dl--inline">
        <dt>{t('konsol.history.phone')}</dt>
        <dd class="tabular">{displayPhone(citizen.phone)}</dd>
        {citizen.tckn && (
          <>
            <dt>{t('konsol.history.tckn')}</dt>
            <dd class="tabular" data-testid="citizen-tckn">{citizen.tckn}</dd>
          </>
        )}
        {citizen.email && (
          <>
            <dt>{t('konsol.history.email')}</dt>
            <dd data-testid="citizen-email">{citizen.email}</dd>
          </>
        )}
        {citizen.address && (
          <>
            <dt>{t('konsol.history.address')}</dt>
            <dd>{citizen.address}</dd>
          </>
        )}
      </dl>
      {!revealed && !asking && (
        <button type="button" class="button" data-testid="reveal-open" onClick={() => setAsking(true)}>
          {t('konsol.reveal.open')}
        </button>
      )}
      {!revealed && asking && (
        <form class="konsol-reveal" onSubmit={reveal} noValidate>
          <Field id={reasonId} label={t('konsol.reveal.reason')} error={reasonError} hint={t('konsol.reveal.hint')}>
            <input
              id={reasonId}
              data-testid="reveal-reason"
              value={reason}
              maxLength={250}
              autoFocus
              onInput={(e) => setReason((e.currentTarget as HTMLInputElement).value)}
              onKeyDown={(e) => e.key === 'Escape' && setAsking(false)}
              {...describedBy(reasonId, reasonError, t('konsol.reveal.hint'))}
            />
          </Field>
          <ProblemAlert error={error} />
          <div class="row">
            <button type="submit" class="button button--primary" data-testid="reveal-confirm" disabled={busy}>
              {t('konsol.reveal.confirm')}
            </button>
            <button type="button" class="button" onClick={() => setAsking(false)}>
              {t('form.cancel')}
            </button>
          </div>
        </form>
      )}
    </li>
  );
}
