// One request of the unit: facts, location, photos, the full history and the actions the server allows now
// (`allowed_actions`). Every action sends If-Match with the version shown; a stale one reloads and says so.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import { type Photo, actOnRequest, addNote, addPhoto, getRequest, requestEvents, requestPhotos } from '../../api/requests';
import { listUsers } from '../../api/users';
import { categoryName, loadCategories, loadMeta, subCategories, useLoad } from '../../api/catalog';
import { useRequestChanges } from '../../api/live';
import type { RequestChange, RequestEvent, ServiceRequest, Unit, User } from '../../api/types';
import { formatDateTime } from '../../format';
import { type MessageKey, t } from '../../i18n';
import { onLinkClick } from '../../router';
import { useSession } from '../../session';
import { Empty, Loading, Notice } from '../../ui/feedback';
import { Checkbox, ProblemAlert, Select, TextArea, serverFieldError } from '../../ui/form';
import { Shell } from '../../ui/layout';
import { MapView } from '../../ui/map';
import { SlaBadge, StatusBadge } from '../../ui/status';
import { CENTER_UNIT, loadUnits, statusText } from './shared';
import { PHOTO_MAX_BYTES, PHOTO_MAX_MB } from '../../photos';

/** Actions that need something typed or chosen first open the dialog; the others run at once. */
const NEEDS_DIALOG = new Set(['assign', 'hold', 'resolve', 'reject', 'reopen', 'reroute']);
const ORDER = ['accept', 'assign', 'start', 'hold', 'resume', 'resolve', 'reroute', 'reject', 'close', 'reopen'];

function actionLabel(a: string): string {
  return t(`birim.action.${a}` as MessageKey) || a;
}

export function Detail({ id }: { id: number }) {
  const [req, setReq] = useState<ServiceRequest | null>(null);
  const [events, setEvents] = useState<RequestEvent[]>([]);
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [notFound, setNotFound] = useState(false);
  const [dialog, setDialog] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [message, setMessage] = useState('');
  const [notice, setNotice] = useState('');
  const reqRef = useRef(req);
  reqRef.current = req;
  const busyRef = useRef(busy);
  busyRef.current = busy;

  const users = useLoad<User[] | undefined>(
    () => listUsers().then((p) => p.items).catch(() => undefined),
    [],
  );

  const reload = useCallback(async (): Promise<ServiceRequest | null> => {
    try {
      const [r, ev, ph] = await Promise.all([
        getRequest(id),
        requestEvents(id),
        requestPhotos(id).catch(() => ({ items: [] as Photo[] })),
      ]);
      setReq(r);
      setEvents(ev.items);
      setPhotos(ph.items);
      setLoadError(null);
      setNotFound(false);
      return r;
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        setNotFound(true);
        setReq(null);
      } else setLoadError(e);
      return null;
    }
  }, [id]);

  useEffect(() => {
    reload();
  }, [reload]);

  // Someone else changed it: show the current version and say so.
  const onChange = useCallback(
    (c: RequestChange) => {
      if (c.request_id !== id || busyRef.current) return;
      const before = reqRef.current?.version;
      reload().then((r) => {
        if (r && before !== undefined && r.version !== before) setNotice(t('birim.updatedLive'));
      });
    },
    [id, reload],
  );
  useRequestChanges(onChange);

  async function run(action: string, body: Record<string, unknown> = {}): Promise<boolean> {
    if (!req) return false;
    setBusy(action);
    setActionError(null);
    setMessage('');
    setNotice('');
    try {
      const updated = await actOnRequest(id, action, body, req.version);
      setReq(updated);
      const unitName = typeof body.unit === 'string' ? (updated.unit_name || body.unit) : '';
      setMessage(t(`birim.done.${action}` as MessageKey, { unit: unitName }));
      // The history (and, after a reroute, maybe access itself) changed.
      reload();
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.status === 412) {
        await reload();
        setNotice(t('error.stale'));
        setDialog(null);
        return false;
      }
      if (e instanceof ApiError && e.status === 404) {
        setNotFound(true);
        return false;
      }
      setActionError(e);
      return false;
    } finally {
      setBusy(null);
    }
  }

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

function Facts({ req, assignee }: { req: ServiceRequest; assignee: User | undefined }) {
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

function History({ events }: { events: RequestEvent[] }) {
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

function ActionDialog({
  action,
  req,
  users,
  busy,
  error,
  onCancel,
  onConfirm,
}: {
  action: string;
  req: ServiceRequest;
  users: User[] | undefined;
  busy: boolean;
  error: unknown;
  onCancel: () => void;
  onConfirm: (body: Record<string, unknown>) => void;
}) {
  const { me } = useSession();
  const ref = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState(action === 'resolve' ? req.public_answer ?? '' : '');
  const [assignee, setAssignee] = useState(
    action === 'assign' && me && me.kind === 'user' && me.unit === req.unit ? String(me.id) : '',
  );
  const [unit, setUnit] = useState(action === 'reroute' && req.unit !== CENTER_UNIT ? CENTER_UNIT : '');
  const [category, setCategory] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const units = useLoad<Unit[] | undefined>(() => (action === 'reroute' ? loadUnits() : Promise.resolve(undefined)), [action]);
  const categories = useLoad(() => (action === 'reroute' ? loadCategories() : Promise.resolve([])), [action]);

  // The fields are drawn once their choices are here, so that the default choice sticks to its option.
  const ready = action === 'reroute' ? !!units && !!categories : action === 'assign' ? !!users : true;

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    const opener = document.activeElement as HTMLElement | null;
    if (typeof d.showModal === 'function' && !d.open) d.showModal();
    const onClose = () => onCancel();
    d.addEventListener('cancel', onClose);
    return () => {
      d.removeEventListener('cancel', onClose);
      if (d.open) d.close();
      // Back to the button that opened it, or (when the action removed it) to the result message.
      setTimeout(() => {
        const target =
          opener && opener.isConnected && !(opener as HTMLButtonElement).disabled
            ? opener
            : document.querySelector<HTMLElement>('[data-testid=action-done], .birim-detail__messages [role=alert], #actions-title');
        target?.focus();
      }, 0);
    };
  }, []);
  useEffect(() => {
    if (ready) ref.current?.querySelector<HTMLElement>('textarea, select')?.focus();
  }, [ready]);

  const needsText = action !== 'assign';
  const textLabel = action === 'resolve' ? t('birim.field.answer') : t('birim.field.reason');
  const textHint =
    action === 'resolve' ? t('birim.field.answerHint') : action === 'hold' ? t('birim.field.holdHint') : undefined;
  const members = (users ?? []).filter(
    (u) => u.active && u.unit === req.unit && (u.role === 'unit_staff' || u.role === 'unit_manager'),
  );

  function submit(e: Event) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (needsText && !text.trim()) errs.text = action === 'resolve' ? t('birim.err.answer') : t('birim.err.reason');
    if (action === 'assign' && !assignee) errs.assignee = t('birim.err.assignee');
    if (action === 'reroute') {
      if (!unit) errs.unit = t('birim.err.unit');
      else if (unit === req.unit) errs.unit = t('birim.err.sameUnit');
    }
    setErrors(errs);
    if (Object.keys(errs).length) {
      const firstId = errs.assignee ? 'action-assignee' : errs.unit ? 'action-unit' : 'action-text';
      ref.current?.querySelector<HTMLElement>(`#${firstId}`)?.focus();
      return;
    }
    const body: Record<string, unknown> = {};
    if (action === 'assign') body.assignee_id = Number(assignee);
    else if (action === 'resolve') body.answer = text.trim();
    else body.reason = text.trim();
    if (action === 'reroute') {
      body.unit = unit;
      if (category) body.category = category;
    }
    onConfirm(body);
  }

  const textField = action === 'resolve' ? 'answer' : 'reason';
  const centerName = units?.find((u) => u.code === CENTER_UNIT)?.name ?? CENTER_UNIT;
  const unitOptions = (units ?? [])
    .filter((u) => u.active && u.code !== req.unit)
    .map((u) => ({
      value: u.code,
      label: u.code === CENTER_UNIT ? t('birim.field.unitCenter', { name: centerName }) : u.name,
    }))
    .sort((a, b) => (a.value === CENTER_UNIT ? -1 : b.value === CENTER_UNIT ? 1 : 0));

  return (
    <dialog ref={ref} class="action-dialog" aria-labelledby="action-dialog-title" data-testid="action-dialog" data-action-dialog={action}>
      <form onSubmit={submit} noValidate>
        <h2 id="action-dialog-title">{actionLabel(action)}</h2>
        <p class="small muted">
          {req.tracking_number} · {req.category_name}
        </p>
        <ProblemAlert error={error} />
        {!ready && <Loading />}
        {ready && action === 'assign' && (
          <Select
            id="action-assignee"
            label={t('birim.field.assignee')}
            value={assignee}
            onValue={setAssignee}
            placeholder={t('form.choose')}
            error={errors.assignee ?? serverFieldError(error, 'assignee_id')}
            options={members.map((u) => ({
              value: String(u.id),
              label: me && u.id === me.id ? t('birim.me', { name: u.display_name }) : u.display_name,
            }))}
          />
        )}
        {ready && action === 'reroute' && (
          <>
            <Select
              id="action-unit"
              label={t('birim.field.unit')}
              value={unit}
              onValue={setUnit}
              placeholder={t('form.choose')}
              error={errors.unit ?? serverFieldError(error, 'unit')}
              options={unitOptions}
            />
            <Select
              id="action-category"
              label={t('birim.field.category')}
              value={category}
              onValue={setCategory}
              placeholder={t('birim.field.categoryKeep')}
              optional
              error={serverFieldError(error, 'category')}
              options={subCategories(categories ?? []).map(({ sub, top }) => ({
                value: sub.code,
                label: `${categoryName(top)} — ${categoryName(sub)}`,
              }))}
            />
          </>
        )}
        {ready && needsText && (
          <TextArea
            id="action-text"
            label={textLabel}
            value={text}
            onValue={setText}
            hint={textHint}
            maxLength={4000}
            error={errors.text ?? serverFieldError(error, textField)}
            required
          />
        )}
        <div class="row">
          <button type="submit" class="button button--primary" data-testid="action-confirm" disabled={busy || !ready}>
            {busy ? t('app.loading') : t('birim.confirm')}
          </button>
          <button type="button" class="button" onClick={onCancel} data-testid="action-cancel">
            {t('form.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}

function NoteForm({ id, onAdded }: { id: number; onAdded: () => void }) {
  const [text, setText] = useState('');
  const [isPublic, setPublic] = useState(false);
  const [error, setError] = useState('');
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState('');

  async function submit(e: Event) {
    e.preventDefault();
    setDone('');
    setProblem(null);
    if (!text.trim()) {
      setError(t('birim.err.note'));
      document.getElementById('note-text')?.focus();
      return;
    }
    setError('');
    setBusy(true);
    try {
      await addNote(id, text.trim(), isPublic);
      setDone(isPublic ? t('birim.answerAdded') : t('birim.noteAdded'));
      setText('');
      setPublic(false);
      onAdded();
    } catch (err) {
      setProblem(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card" aria-labelledby="notes-title">
      <h2 id="notes-title">{t('birim.notes')}</h2>
      <form onSubmit={submit} noValidate>
        <ProblemAlert error={problem} />
        <TextArea
          id="note-text"
          label={t('birim.noteText')}
          value={text}
          onValue={setText}
          maxLength={4000}
          error={error || serverFieldError(problem, 'text')}
        />
        <Checkbox id="note-public" label={t('birim.notePublic')} checked={isPublic} onValue={setPublic} />
        <div class="row">
          <button type="submit" class="button button--primary" data-testid="note-add" disabled={busy}>
            {busy ? t('app.loading') : t('birim.noteAdd')}
          </button>
          <span role="status" class="small" data-testid="note-done">
            {done}
          </span>
        </div>
      </form>
    </section>
  );
}

function PhotoSection({ id, photos, onAdded }: { id: number; photos: Photo[]; onAdded: () => void }) {
  const { me } = useSession();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const [fileError, setFileError] = useState('');
  const [done, setDone] = useState('');

  async function upload(e: Event) {
    const input = e.currentTarget as HTMLInputElement;
    const files = Array.from(input.files ?? []);
    if (files.length === 0) return;
    setProblem(null);
    setDone('');
    // Checked here first: a photo at all, and not over the server's default limit (photos.max_mb = 8).
    const bad = files.find((f) => (f.type && !f.type.startsWith('image/')) || f.size > PHOTO_MAX_BYTES);
    if (bad) {
      setFileError(
        bad.size > PHOTO_MAX_BYTES ? t('birim.err.photoSize', { name: bad.name, mb: PHOTO_MAX_MB }) : t('birim.err.photoType', { name: bad.name }),
      );
      input.value = '';
      return;
    }
    setFileError('');
    setBusy(true);
    try {
      for (const file of files) {
        await addPhoto(id, file, me?.csrf_token ?? '');
      }
      setDone(t('birim.photoAdded'));
      onAdded();
    } catch (err) {
      setProblem(err instanceof ApiError ? err : new ApiError(0, 'network', t('error.network'), String(err)));
    } finally {
      setBusy(false);
      input.value = '';
    }
  }

  return (
    <section class="card" aria-labelledby="photos-title">
      <h2 id="photos-title">{t('birim.photos')}</h2>
      {photos.length === 0 ? (
        <p class="muted">{t('birim.noPhotos')}</p>
      ) : (
        <ul class="photos" data-testid="photos">
          {photos.map((p, i) => (
            <li key={p.sha256}>
              <a href={p.url} target="_blank" rel="noopener">
                <img src={p.url} alt={t('birim.photoAlt', { n: i + 1 })} loading="lazy" width={96} height={96} />
              </a>
            </li>
          ))}
        </ul>
      )}
      <ProblemAlert error={problem} />
      <div class="photo-input">
        <label for="photo-input" class="button">
          {t('birim.photoAdd')}
        </label>
        <input
          id="photo-input"
          class="photo-input__file"
          type="file"
          accept="image/*"
          capture="environment"
          onChange={upload}
          disabled={busy}
          aria-describedby={fileError ? 'photo-input-hint photo-input-error' : 'photo-input-hint'}
          aria-invalid={fileError ? true : undefined}
        />
        <p class="field-hint" id="photo-input-hint">
          {t('birim.photoHint')}
        </p>
        {fileError && (
          <p class="field-error" id="photo-input-error" role="alert">
            {fileError}
          </p>
        )}
        <p role="status" class="small" data-testid="photo-done">
          {busy ? t('birim.photoUploading') : done}
        </p>
      </div>
    </section>
  );
}
