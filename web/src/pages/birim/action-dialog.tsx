// The dialog of an action that needs something typed or chosen first (assignee, reason, answer, unit).
import { useEffect, useRef, useState } from 'preact/hooks';
import { categoryName, loadCategories, subCategories, useLoad } from '../../api/catalog';
import type { ServiceRequest, Unit, User } from '../../api/types';
import { t } from '../../i18n';
import { useSession } from '../../session';
import { Loading } from '../../ui/feedback';
import { ProblemAlert, Select, TextArea, serverFieldError } from '../../ui/form';
import { actionLabel } from './actions';
import { CENTER_UNIT, loadUnits } from './shared';

export function ActionDialog({
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
