// `/takip`: a citizen follows a request with its tracking number and the last four digits of their phone. Only
// what the server's public view gives is shown: statuses, public answers, dates — never notes or staff names.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import { type PublicView, trackRequest } from '../../api/public';
import { t } from '../../i18n';
import { formatDateTime } from '../../format';
import { onLinkClick, searchParams } from '../../router';
import { EmergencyBanner } from '../../ui/feedback';
import { ProblemAlert, TextInput } from '../../ui/form';
import { Shell } from '../../ui/layout';
import { StatusBadge } from '../../ui/status';
import { statusLabel } from './created';
import { normaliseTrackingNumber } from './validate';

export function Track() {
  const [number, setNumber] = useState(() => searchParams().get('number') ?? '');
  const [last4, setLast4] = useState('');
  const [errors, setErrors] = useState<{ number?: string; last4?: string }>({});
  const [problem, setProblem] = useState<unknown>(null);
  const [notFound, setNotFound] = useState(false);
  const [busy, setBusy] = useState(false);
  const [view, setView] = useState<PublicView | null>(null);
  const resultRef = useRef<HTMLElement>(null);

  useEffect(() => {
    // With the number already in the address, the cursor waits in the digits field.
    document.getElementById(number ? 'track-last4' : 'track-number')?.focus();
  }, []);
  useEffect(() => {
    if (view) resultRef.current?.focus();
  }, [view]);

  async function submit(e: Event) {
    e.preventDefault();
    setProblem(null);
    setNotFound(false);
    const errs: { number?: string; last4?: string } = {};
    const normalised = normaliseTrackingNumber(number);
    if (!normalised) errs.number = t('portal.track.err.number');
    if (!/^\d{4}$/.test(last4.trim())) errs.last4 = t('portal.track.err.last4');
    setErrors(errs);
    if (errs.number || errs.last4) {
      document.getElementById(errs.number ? 'track-number' : 'track-last4')?.focus();
      return;
    }
    setBusy(true);
    setView(null);
    try {
      setView(await trackRequest(normalised!, last4.trim()));
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) setNotFound(true);
      else if (err instanceof ApiError && err.field === 'tracking_number') setErrors({ number: err.detail || err.title });
      else if (err instanceof ApiError && err.field === 'phone_last4') setErrors({ last4: err.detail || err.title });
      // One message per problem: next to the field it names, else above the form.
      const onField = err instanceof ApiError && (err.field === 'tracking_number' || err.field === 'phone_last4');
      setProblem(onField || (err instanceof ApiError && err.status === 404) ? null : err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Shell>
      <div class="portal">
        <EmergencyBanner />
        <section class="card">
          <h1>{t('portal.track.title')}</h1>
          <p>{t('portal.track.intro')}</p>
          <form onSubmit={submit} noValidate data-testid="track-form">
            <ProblemAlert error={problem} />
            {notFound && (
              <div class="alert alert--warning" role="alert" data-testid="track-not-found">
                {t('portal.track.notFound')}
              </div>
            )}
            <div class="portal-track-fields">
              <TextInput
                id="track-number"
                label={t('portal.track.number')}
                value={number}
                onValue={setNumber}
                hint={t('portal.track.number.hint')}
                error={errors.number}
                inputMode="numeric"
                autoComplete="off"
                required
              />
              <TextInput
                id="track-last4"
                label={t('portal.track.last4')}
                value={last4}
                onValue={setLast4}
                error={errors.last4}
                inputMode="numeric"
                maxLength={4}
                autoComplete="off"
                required
              />
            </div>
            <button type="submit" class="button button--primary" data-testid="track-submit" disabled={busy}>
              {busy ? t('portal.track.searching') : t('portal.track.submit')}
            </button>
          </form>
        </section>
        {view && (
          <section class="card portal-track" data-testid="track-result" ref={resultRef} tabIndex={-1} aria-labelledby="track-result-h">
            <h2 id="track-result-h">
              <span class="portal-number portal-number--small">{view.tracking_number}</span>
            </h2>
            <dl class="portal-facts">
              <dt>{t('portal.track.status')}</dt>
              <dd data-testid="track-status" data-status={view.status}>
                <StatusBadge status={view.status} label={statusLabel(view.status, view.status_label)} />
              </dd>
              <dt>{t('portal.track.category')}</dt>
              <dd>{view.category_name}</dd>
              <dt>{t('portal.track.unit')}</dt>
              <dd>{view.unit_name}</dd>
              <dt>{t('portal.track.created')}</dt>
              <dd>{formatDateTime(view.created_at)}</dd>
              {view.due_at && !view.resolved_at && (
                <>
                  <dt>{t('portal.track.due')}</dt>
                  <dd>{formatDateTime(view.due_at)}</dd>
                </>
              )}
              {view.resolved_at && (
                <>
                  <dt>{t('portal.track.resolved')}</dt>
                  <dd>{formatDateTime(view.resolved_at)}</dd>
                </>
              )}
            </dl>
            <h3>{t('portal.track.answer')}</h3>
            {view.public_answer ? (
              <blockquote class="portal-answer" data-testid="public-answer">
                {view.public_answer}
              </blockquote>
            ) : (
              <p class="muted">{t('portal.track.noAnswer')}</p>
            )}
            <h3>{t('portal.track.history')}</h3>
            <ol class="portal-history" data-testid="public-history">
              {view.history.length === 0 && <li class="empty">{t('portal.track.historyEmpty')}</li>}
              {view.history.map((h, i) => (
                <li key={i} data-testid="public-history-item">
                  <time dateTime={h.at}>{formatDateTime(h.at)}</time>
                  {h.status && <StatusBadge status={h.status} label={statusLabel(h.status, h.status_label ?? h.status)} />}
                  {h.text && <p>{h.text}</p>}
                </li>
              ))}
            </ol>
          </section>
        )}
        <p>
          <a href="/" onClick={onLinkClick}>
            {t('portal.track.newFile')}
          </a>
        </p>
      </div>
    </Shell>
  );
}
