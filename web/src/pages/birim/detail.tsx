// One request of the unit: facts, location, photos, the full history and the actions the server allows now
// (`allowed_actions`). Every action sends If-Match with the version shown; a stale one reloads and says so.
import { t } from '../../i18n';
import { onLinkClick } from '../../router';
import { Loading, Notice } from '../../ui/feedback';
import { ProblemAlert } from '../../ui/form';
import { Shell } from '../../ui/layout';
import { MapView } from '../../ui/map';
import { SlaBadge, StatusBadge } from '../../ui/status';
import { statusText } from './shared';
import { ActionDialog } from './action-dialog';
import { NEEDS_DIALOG, ORDER, actionLabel } from './actions';
import { NoteForm } from './note-form';
import { PhotoSection } from './photo-section';
import { Facts } from './request-facts';
import { History } from './request-history';
import { useRequestDetail } from './use-request-detail';

export function Detail({ id }: { id: number }) {
  const { req, events, photos, users, loadError, notFound, dialog, setDialog, busy, actionError, setActionError, message, setMessage, notice, reload, run } =
    useRequestDetail(id);

  if (notFound) {
    return (
      <Shell live>
        <p>
          <a href="/birim" onClick={onLinkClick}>
            {t('birim.back')}
          </a>
        </p>
        {message ? (
          // We just sent it to another unit: it is no longer ours to see.
          <div class="alert alert--success" role="status" data-testid="action-done">
            {message}
          </div>
        ) : (
          <div class="alert alert--warning" role="alert" data-testid="request-not-found">
            <strong>{t('birim.notFound')}</strong>
            <p>{t('birim.notFoundHint')}</p>
          </div>
        )}
      </Shell>
    );
  }
  if (!req) {
    return (
      <Shell live>
        {loadError ? <ProblemAlert error={loadError} /> : <Loading />}
      </Shell>
    );
  }

  const actions = ORDER.filter((a) => req.allowed_actions.includes(a));
  const assignee = req.assignee_id ? users?.find((u) => u.id === req.assignee_id) : undefined;
  const loc = req.location ?? {};
  const place = [loc.district_name, loc.neighbourhood_name, loc.street, loc.address_text].filter(Boolean).join(', ');

  return (
    <Shell live>
      <div class="birim-detail" data-testid="request-detail" data-id={req.id} data-status={req.status} data-version={req.version}>
        <p class="birim-detail__back">
          <a href="/birim" onClick={onLinkClick}>
            {t('birim.back')}
          </a>
        </p>
        <div class="birim-detail__title">
          <h1>
            {t('birim.detail', { number: '' })}
            <span class="tabular" data-testid="detail-tracking">
              {req.tracking_number}
            </span>
          </h1>
          <span class="row">
            <StatusBadge status={req.status} label={statusText(req.status, req.status_label)} />
            {req.status === 'on_hold' ? (
              <span class="badge badge--sla badge--sla-paused" data-sla="paused">
                {t('birim.slaPaused')}
              </span>
            ) : (
              <SlaBadge dueAt={req.due_at} status={req.status} />
            )}
          </span>
        </div>
        <div class="birim-detail__messages" aria-live="polite">
          {notice && <Notice kind="warning">{notice}</Notice>}
          {message && (
            <div class="alert alert--success" role="status" data-testid="action-done" tabIndex={-1}>
              {message}
            </div>
          )}
          {!dialog && <ProblemAlert error={actionError} />}
        </div>

        <section class="card" aria-labelledby="actions-title">
          <h2 id="actions-title" tabIndex={-1}>
            {t('birim.actions')}
          </h2>
          {actions.length === 0 ? (
            <p class="muted">{t('birim.noActions')}</p>
          ) : (
            <div class="birim-actions">
              {actions.map((a) => (
                <button
                  key={a}
                  type="button"
                  class={`button${a === 'resolve' ? ' button--primary' : ''}${a === 'reject' ? ' button--danger' : ''}`}
                  data-action={a}
                  disabled={!!busy}
                  aria-haspopup={NEEDS_DIALOG.has(a) ? 'dialog' : undefined}
                  onClick={() => {
                    setMessage('');
                    setActionError(null);
                    if (NEEDS_DIALOG.has(a)) setDialog(a);
                    else run(a);
                  }}
                >
                  {busy === a ? t('app.loading') : actionLabel(a)}
                </button>
              ))}
            </div>
          )}
        </section>
        {dialog && (
          <ActionDialog
            action={dialog}
            req={req}
            users={users}
            busy={!!busy}
            error={actionError}
            onCancel={() => {
              setDialog(null);
              setActionError(null);
            }}
            onConfirm={async (body) => {
              if (await run(dialog, body)) setDialog(null);
            }}
          />
        )}

        <div class="birim-detail__grid">
          <section class="card" aria-labelledby="facts-title">
            <h2 id="facts-title">{t('birim.facts')}</h2>
            <Facts req={req} assignee={assignee} />
            <h3>{t('birim.description')}</h3>
            <p class="birim-detail__desc" data-testid="detail-description">
              {req.description}
            </p>
            {req.public_answer && (
              <>
                <h3>{t('birim.publicAnswer')}</h3>
                <p data-testid="detail-public-answer">{req.public_answer}</p>
              </>
            )}
            {req.reject_reason && (
              <>
                <h3>{t('birim.rejectReason')}</h3>
                <p data-testid="detail-reject-reason">{req.reject_reason}</p>
              </>
            )}
            <h3>{t('birim.location')}</h3>
            <p>{place || <span class="muted">{t('birim.noLocation')}</span>}</p>
            {typeof loc.lat === 'number' && typeof loc.lon === 'number' && (
              <MapView pin={{ lat: loc.lat, lon: loc.lon }} height="220px" label={t('birim.location')} />
            )}
          </section>

          <div>
            <NoteForm id={id} onAdded={() => reload()} />
            <PhotoSection id={id} photos={photos} onAdded={() => reload()} />
          </div>
        </div>

        <section class="card" aria-labelledby="history-title">
          <h2 id="history-title">{t('birim.history')}</h2>
          <History events={events} />
        </section>
      </div>
    </Shell>
  );
}
