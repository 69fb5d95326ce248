// The agent console (/konsol): a caller on the line. Type or paste the number → their history at once; one form
// to record a request and read back the tracking number and due time; the knowledge base beside it for an
// "informed" call; a call timer; the contact is closed when the agent ends the call. Keyboard first.
import './style.css';
import { Fragment } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { lookupCaller } from '../../api/citizens';
import { createContact, endContact } from '../../api/contacts';
import { useRequestChanges } from '../../api/live';
import type { Article, CallerLookup, Citizen, RequestChange, ServiceRequest } from '../../api/types';
import { formatDateTime, slaState } from '../../format';
import { t } from '../../i18n';
import { EmergencyBanner } from '../../ui/feedback';
import { ProblemAlert, TextArea } from '../../ui/form';
import { Shell } from '../../ui/layout';
import { CallerHistory } from './history';
import { KnowledgePanel, loadAllArticles } from './knowledge';
import { codeLabel, trackingGroups } from './labels';
import { completePhone } from '../../phone';
import { RequestForm } from './request-form';

const LOOKUP_DEBOUNCE_MS = 25;

interface Call {
  phone: string | null;
  startedAt: number;
  /** The contact being created (createContact) and then its id. */
  contact: Promise<number | null>;
  contactId: number | null;
  requests: ServiceRequest[];
  ended: { outcome: string; at: number } | null;
}

export default function KonsolPage(_props: { path: string }) {
  const [phoneText, setPhoneText] = useState('');
  const [lookup, setLookup] = useState<CallerLookup | null>(null);
  const [lookupError, setLookupError] = useState<unknown>(null);
  const [looking, setLooking] = useState(false);
  const [revealed, setRevealed] = useState<Record<number, Citizen>>({});
  const [call, setCall] = useState<Call | null>(null);
  const [callError, setCallError] = useState<unknown>(null);
  const [created, setCreated] = useState<ServiceRequest | null>(null);
  const [formKey, setFormKey] = useState(0);
  const [callNo, setCallNo] = useState(0);
  const [informedId, setInformedId] = useState<number | null>(null);
  const [openArticle, setOpenArticle] = useState<Article | null>(null);
  const [articleTitles, setArticleTitles] = useState<Record<number, string>>({});
  const callRef = useRef<Call | null>(null);
  callRef.current = call;
  const submitForm = useRef<() => void>(() => {});
  const phoneRef = useRef<HTMLInputElement>(null);
  const createdRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    phoneRef.current?.focus();
    loadAllArticles()
      .then((list) => setArticleTitles(Object.fromEntries(list.map((a) => [a.id, a.title]))))
      .catch(() => {});
  }, []);

  const running = !!call && !call.ended;
  const complete = completePhone(phoneText);

  // The caller's history: one GET as soon as the number is complete; a stale answer is cancelled.
  useEffect(() => {
    if (!complete || (callRef.current && !callRef.current.ended)) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setLooking(true);
      setLookupError(null);
      lookupCaller(complete, { signal: controller.signal })
        .then((found) => {
          if (controller.signal.aborted) return;
          setLookup(found);
          setLooking(false);
          if (!callRef.current || callRef.current.ended) startCall(found.phone, found.citizens.length === 1 ? found.citizens[0].id : null);
        })
        .catch((e) => {
          if ((e as Error).name === 'AbortError') return;
          setLooking(false);
          setLookupError(e);
        });
    }, LOOKUP_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [complete]);

  function startCall(phone: string | null, citizenId: number | null) {
    setCallError(null);
    setCreated(null);
    setInformedId(null);
    const body: Record<string, unknown> = { channel: 'phone' };
    if (phone) body.caller_phone = phone;
    if (citizenId) body.citizen_id = citizenId;
    const contact = createContact(body)
      .then((c) => {
        setCall((cur) => (cur && cur.contact === contact ? { ...cur, contactId: c.id } : cur));
        return c.id as number | null;
      })
      .catch((e) => {
        setCallError(e);
        return null;
      });
    setCall({ phone, startedAt: Date.now(), contact, contactId: null, requests: [], ended: null });
  }

  async function endCall(outcome: string, extra: Record<string, unknown> = {}) {
    const cur = callRef.current;
    if (!cur || cur.ended) return;
    const id = await cur.contact;
    if (id) await endContact(id, outcome, extra);
    setCall((c) => (c === cur || (c && c.contact === cur.contact) ? { ...c!, ended: { outcome, at: Date.now() } } : c));
  }

  function newCall() {
    if (running) {
      phoneRef.current?.focus();
      return;
    }
    setCall(null);
    setPhoneText('');
    setLookup(null);
    setLookupError(null);
    setRevealed({});
    setCreated(null);
    setInformedId(null);
    setCallError(null);
    setFormKey((k) => k + 1);
    setCallNo((n) => n + 1);
    phoneRef.current?.focus();
  }

  /** A call from a hidden number: the call (and its timer) starts without a lookup. */
  function startHidden() {
    setPhoneText('');
    setLookup(null);
    setLookupError(null);
    setRevealed({});
    setFormKey((k) => k + 1);
    startCall(null, null);
    setTimeout(() => document.getElementById('req-category-search')?.focus(), 0);
  }

  async function recordInformed(article: Article) {
    const cur = callRef.current;
    if (cur && !cur.ended) {
      const last = cur.requests[cur.requests.length - 1];
      await endCall('informed', last ? { article_id: article.id, request_id: last.id } : { article_id: article.id });
    } else {
      // No call on the line (e.g. after it ended): record a finished contact in one step.
      const body: Record<string, unknown> = { channel: 'phone', outcome: 'informed', article_id: article.id };
      if (lookup?.phone) body.caller_phone = lookup.phone;
      await createContact(body);
    }
    setInformedId(article.id);
  }

  function onCreated(r: ServiceRequest) {
    setCreated(r);
    setCall((c) => (c ? { ...c, requests: [...c.requests, r] } : c));
    setFormKey((k) => k + 1);
    setTimeout(() => createdRef.current?.focus(), 0);
    // The new request joins the caller's open requests.
    if (lookup) {
      lookupCaller(lookup.phone)
        .then(setLookup)
        .catch(() => {});
    }
  }

  // Shortcuts: Alt+N new call, Alt+K knowledge base, Alt+C category, Alt+B end the call, Ctrl+Enter record the request.
  const keys = useRef<(e: KeyboardEvent) => void>(() => {});
  keys.current = (e: KeyboardEvent) => {
    if (e.altKey && !e.ctrlKey && !e.metaKey) {
      if (e.code === 'KeyN') {
        e.preventDefault();
        newCall();
      } else if (e.code === 'KeyK') {
        e.preventDefault();
        const kb = document.getElementById('kb-search') as HTMLInputElement | null;
        kb?.focus();
        kb?.select();
      } else if (e.code === 'KeyC') {
        e.preventDefault();
        document.getElementById('req-category-search')?.focus();
      } else if (e.code === 'KeyB' && running) {
        e.preventDefault();
        document.querySelector<HTMLElement>('[data-testid=end-call]')?.click();
      }
    } else if ((e.ctrlKey || e.metaKey) && e.key === 'Enter' && !e.defaultPrevented) {
      e.preventDefault();
      submitForm.current();
    }
  };
  useEffect(() => {
    const l = (e: KeyboardEvent) => keys.current(e);
    document.addEventListener('keydown', l);
    return () => document.removeEventListener('keydown', l);
  }, []);

  // A change to one of the caller's requests (a unit answered, resolved…) refreshes the history in place.
  const lookupRef = useRef(lookup);
  lookupRef.current = lookup;
  const onRequestChange = useCallback((change: RequestChange) => {
    const cur = lookupRef.current;
    if (!cur || !cur.requests.some((r) => r.id === change.request_id)) return;
    lookupCaller(cur.phone)
      .then((found) => lookupRef.current?.phone === found.phone && setLookup(found))
      .catch(() => {});
  }, []);
  useRequestChanges(onRequestChange);

  const registerSubmit = useCallback((fn: () => void) => {
    submitForm.current = fn;
  }, []);
  const contactId = useCallback(async () => {
    const cur = callRef.current;
    return cur && !cur.ended ? cur.contact : null;
  }, []);

  const phoneInvalid = !!phoneText.trim() && !complete && phoneText.replace(/\D/g, '').length >= 10;
  return (
    <Shell wide live>
      <div class="konsol">
        <EmergencyBanner />
        <section class="card konsol-call" aria-labelledby="call-title" data-testid="call-bar" data-state={running ? 'running' : call?.ended ? 'ended' : 'idle'}>
          <h1 id="call-title" class="sr-only">
            {t('konsol.title')}
          </h1>
          <div class="konsol-call-row">
            <div class="field konsol-phone">
              <label for="caller-phone">
                {t('konsol.phone.label')} <kbd>Alt+N</kbd>
              </label>
              <input
                id="caller-phone"
                ref={phoneRef}
                type="tel"
                inputMode="tel"
                autoComplete="off"
                value={phoneText}
                readOnly={running}
                aria-readonly={running}
                placeholder="0532 123 45 67"
                aria-describedby="caller-phone-hint"
                aria-invalid={phoneInvalid || undefined}
                onInput={(e) => setPhoneText((e.currentTarget as HTMLInputElement).value)}
              />
              <p id="caller-phone-hint" class={phoneInvalid ? 'field-error' : 'field-hint'} role={phoneInvalid ? 'alert' : undefined}>
                {phoneInvalid ? t('konsol.phone.invalid') : running ? t('konsol.phone.locked') : t('konsol.phone.hint')}
              </p>
            </div>
            <div class="konsol-call-state" aria-live="polite">
              {running && call ? (
                <>
                  <span class="konsol-call-live">{t('konsol.call.onLine')}</span> <CallTimer since={call.startedAt} />
                </>
              ) : call?.ended ? (
                <span data-testid="call-ended" data-outcome={call.ended.outcome}>
                  {t('konsol.call.ended', { outcome: codeLabel('outcome', call.ended.outcome), time: clock(call.ended.at - call.startedAt) })}
                </span>
              ) : (
                <span class="muted">{t('konsol.call.idle')}</span>
              )}
            </div>
            <div class="konsol-call-actions">
              {running ? (
                <EndCall call={call!} onEnd={endCall} article={openArticle} />
              ) : (
                <div class="row">
                  {call?.ended && (
                    <button type="button" class="button button--primary" onClick={newCall} data-testid="new-call">
                      {t('konsol.call.new')} <kbd>Alt+N</kbd>
                    </button>
                  )}
                  {!complete && (
                    <button type="button" class="button" onClick={startHidden} data-testid="start-hidden">
                      {t('konsol.call.hidden')}
                    </button>
                  )}
                </div>
              )}
            </div>
          </div>
          <ProblemAlert error={callError} />
          <p class="konsol-keys small muted">
            <kbd>Alt+N</kbd> {t('konsol.keys.new')} · <kbd>Alt+K</kbd> {t('konsol.keys.kb')} · <kbd>Alt+C</kbd> {t('konsol.keys.category')} · <kbd>Alt+1..3</kbd> {t('konsol.keys.suggest')} · <kbd>Ctrl+Enter</kbd>{' '}
            {t('konsol.keys.submit')} · <kbd>Alt+B</kbd> {t('konsol.keys.end')}
          </p>
        </section>

        <div class="konsol-grid">
          <div class="konsol-main">
            {created && (
              <div class="card konsol-created alert--success" data-testid="request-created" tabIndex={-1} ref={createdRef} role="status" aria-labelledby="created-title">
                <h2 id="created-title">{t('konsol.created.title')}</h2>
                <p class="konsol-created-number">
                  <span class="muted">{t('konsol.created.number')}</span>
                  <strong data-testid="tracking-number" class="tabular konsol-tn">
                    {trackingGroups(created.tracking_number).map((g, i) => (
                      <Fragment key={i}>
                        {i > 0 && '-'}
                        <span class="konsol-tn-group">{g}</span>
                      </Fragment>
                    ))}
                  </strong>
                </p>
                <p class="small">
                  {t('konsol.created.readAloud')}: <span data-testid="tracking-read">{trackingGroups(created.tracking_number).map(spell).join(' · ')}</span>
                </p>
                <dl class="konsol-dl konsol-dl--inline">
                  <dt>{t('konsol.created.due')}</dt>
                  <dd data-testid="due-at">
                    {created.due_at ? `${formatDateTime(created.due_at)} (${slaState(created.due_at).text})` : t('konsol.created.noDue')}
                  </dd>
                  <dt>{t('konsol.created.unit')}</dt>
                  <dd>{created.unit_name}</dd>
                  <dt>{t('konsol.created.category')}</dt>
                  <dd>{created.category_name}</dd>
                </dl>
              </div>
            )}
            {lookup ? (
              <CallerHistory lookup={lookup} revealed={revealed} onRevealed={(c) => setRevealed((r) => ({ ...r, [c.id]: c }))} articleTitles={articleTitles} />
            ) : (
              // The history's place is kept while there is none, so the form below never jumps.
              <section class="card konsol-history konsol-history--empty" data-testid="caller-history-placeholder" aria-live="polite">
                {lookupError ? (
                  <ProblemAlert error={lookupError} />
                ) : (
                  <p class={looking ? 'loading' : 'muted'} role="status">
                    {looking ? t('konsol.history.loading') : t('konsol.history.placeholder')}
                  </p>
                )}
              </section>
            )}
            <RequestForm
              key={formKey}
              lookup={lookup}
              revealed={revealed}
              callerPhone={running ? call!.phone : lookup?.phone ?? null}
              contactId={contactId}
              onCreated={onCreated}
              registerSubmit={registerSubmit}
            />
          </div>
          <KnowledgePanel key={callNo} onInformed={recordInformed} informedId={informedId} onOpenArticle={setOpenArticle} />
        </div>
      </div>
    </Shell>
  );
}

/** "2026" → "2026", "000106" → "000 106", single digits as they are: easier to read out over the phone. */
function spell(group: string): string {
  return group.length > 4 ? group.replace(/(\d{3})(?=\d)/g, '$1 ') : group;
}

function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const m = Math.floor(s / 60);
  const h = Math.floor(m / 60);
  const mm = String(m % 60).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

function CallTimer({ since }: { since: number }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  return (
    <span class="konsol-timer tabular" data-testid="call-timer" role="timer" aria-live="off" aria-label={t('konsol.call.duration')}>
      {clock(now - since)}
    </span>
  );
}

const END_OUTCOMES = ['transferred', 'dropped', 'abusive'];

/** Ends the call: at once when a request was recorded; otherwise the agent says how it ended. */
function EndCall({ call, onEnd, article }: { call: Call; onEnd: (outcome: string, extra?: Record<string, unknown>) => Promise<void>; article: Article | null }) {
  const [asking, setAsking] = useState(false);
  const [outcome, setOutcome] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [outcomeError, setOutcomeError] = useState('');
  const [busy, setBusy] = useState(false);
  const last = call.requests[call.requests.length - 1];
  const outcomes = article ? ['informed', ...END_OUTCOMES] : END_OUTCOMES;

  async function run(chosen: string, extra: Record<string, unknown>) {
    setBusy(true);
    setError(null);
    try {
      await onEnd(chosen, extra);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  function click() {
    if (last) run('request_opened', { request_id: last.id });
    else {
      setAsking(true);
      setTimeout(() => document.querySelector<HTMLInputElement>('input[name=end-outcome]')?.focus(), 0);
    }
  }

  function confirm(e: Event) {
    e.preventDefault();
    if (!outcome) return setOutcomeError(t('konsol.end.chooseOutcome'));
    if (note.length > 500) return setOutcomeError(t('konsol.error.tooLong', { n: 500 }));
    setOutcomeError('');
    const extra: Record<string, unknown> = {};
    if (note.trim()) extra.note = note.trim();
    if (outcome === 'informed' && article) extra.article_id = article.id;
    run(outcome, extra);
  }

  return (
    <div class="konsol-end">
      {!asking && (
        <button type="button" class="button button--danger" data-testid="end-call" onClick={click} disabled={busy}>
          {t('konsol.call.end')} <kbd>Alt+B</kbd>
        </button>
      )}
      {asking && (
        <form class="konsol-end-form card" onSubmit={confirm} noValidate data-testid="end-call-form" onKeyDown={(e) => e.key === 'Escape' && setAsking(false)}>
          <fieldset class="konsol-fieldset">
            <legend>{t('konsol.end.how')}</legend>
            {outcomes.map((o) => (
              <label key={o} class="konsol-radio">
                <input type="radio" name="end-outcome" value={o} checked={outcome === o} onChange={() => setOutcome(o)} data-testid={`end-outcome-${o}`} />
                {codeLabel('outcome', o)}
                {o === 'informed' && article ? ` — ${article.title}` : ''}
              </label>
            ))}
            {outcomeError && (
              <p class="field-error" role="alert">
                {outcomeError}
              </p>
            )}
          </fieldset>
          <TextArea id="end-note" label={t('konsol.end.note')} value={note} onValue={setNote} optional rows={2} />
          <ProblemAlert error={error} />
          <div class="row">
            <button type="submit" class="button button--primary" data-testid="end-call-confirm" disabled={busy}>
              {t('konsol.end.confirm')}
            </button>
            <button type="button" class="button" onClick={() => setAsking(false)}>
              {t('form.cancel')}
            </button>
          </div>
        </form>
      )}
      {!asking && <ProblemAlert error={error} />}
    </div>
  );
}
