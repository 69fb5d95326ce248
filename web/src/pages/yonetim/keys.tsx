// API keys for other systems: create one (its secret is shown once, here, and never again), list, revoke.
import { useEffect, useState } from 'preact/hooks';
import { type ApiKey, createApiKey, listApiKeys, revokeApiKey } from '../../api/api-keys';
import { formatDateTime } from '../../format';
import { t } from '../../i18n';
import { Loading, Notice } from '../../ui/feedback';
import { ListEditor } from '../../ui/list-editor';
import { ProblemAlert, Select, TextInput } from '../../ui/form';
import { ConfirmButton, type Errors, ROLES, UNIT_ROLES, focusFirst, hasErrors, label, serverErrors, unitName, useUnits } from './shared';


const IDS = { name: 'key-name', role: 'key-role', unit: 'key-unit' };

export function KeysTab() {
  const { units } = useUnits();
  const [keys, setKeys] = useState<ApiKey[] | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const [name, setName] = useState('');
  const [role, setRole] = useState('agent');
  const [unit, setUnit] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [problem, setProblem] = useState<unknown>(null);
  const [created, setCreated] = useState<ApiKey | null>(null);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    listApiKeys()
      .then((r) => live && setKeys(r.items))
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [tick]);

  async function create(e: Event) {
    e.preventDefault();
    setProblem(null);
    setMessage('');
    const errs: Errors = {};
    if (!name.trim()) errs.name = t('yonetim.err.required');
    else if (name.trim().length > 100) errs.name = t('yonetim.err.tooLong', { max: 100 });
    if (UNIT_ROLES.has(role) && !unit) errs.unit = t('yonetim.err.unitRole');
    setErrors(errs);
    if (hasErrors(errs)) return focusFirst(errs, IDS);
    setBusy(true);
    try {
      const k = await createApiKey({ name: name.trim(), role, unit: UNIT_ROLES.has(role) ? unit : '' });
      setCreated(k);
      setName('');
      setTick((n) => n + 1);
    } catch (err) {
      const fe = serverErrors(err, { name: 'name', role: 'role', unit: 'unit' });
      setErrors(fe);
      focusFirst(fe, IDS);
      setProblem(err);
    } finally {
      setBusy(false);
    }
  }

  async function revoke(k: ApiKey) {
    setProblem(null);
    try {
      await revokeApiKey(k.id);
      setMessage(t('yonetim.keys.revoked', { name: k.name }));
      if (created?.id === k.id) setCreated(null);
      setTick((n) => n + 1);
    } catch (err) {
      setProblem(err);
    }
  }

  if (error) return <ProblemAlert error={error} />;
  if (!keys || !units) return <Loading />;
  return (
    <ListEditor
      title={t('yonetim.keys.title')}
      titleId="keys-h"
      intro={t('yonetim.keys.intro')}
      saved={message}
      side={
        <>
          {created?.key && (
            <section class="card yon-secret" aria-labelledby="key-once-h" data-testid="api-key-created">
              <h2 id="key-once-h">{t('yonetim.keys.onceTitle', { name: created.name })}</h2>
              <Notice kind="warning">{t('yonetim.keys.once')}</Notice>
              <label for="api-key-secret" class="small">
                {t('yonetim.keys.secret')}
              </label>
              <input id="api-key-secret" class="yon-secret-value" data-testid="api-key-secret" readOnly value={created.key} onFocus={(e) => (e.currentTarget as HTMLInputElement).select()} />
              <button type="button" class="button yon-small" onClick={() => setCreated(null)}>
                {t('yonetim.keys.hide')}
              </button>
            </section>
          )}
          <section class="card" aria-labelledby="key-new-h">
            <h2 id="key-new-h">{t('yonetim.keys.new')}</h2>
            <form onSubmit={create} noValidate data-testid="key-create">
              <ProblemAlert error={problem} />
              <TextInput id="key-name" label={t('yonetim.keys.name')} value={name} onValue={setName} hint={t('yonetim.keys.nameHint')} error={errors.name} required />
              <Select id="key-role" label={t('yonetim.users.role')} value={role} onValue={setRole} options={ROLES.map((r) => ({ value: r, label: label('role', r) }))} error={errors.role} />
              {UNIT_ROLES.has(role) && (
                <Select
                  id="key-unit"
                  label={t('yonetim.users.unit')}
                  value={unit}
                  onValue={setUnit}
                  placeholder={t('form.choose')}
                  options={units.filter((u) => u.active).map((u) => ({ value: u.code, label: `${u.name} (${u.code})` }))}
                  error={errors.unit}
                />
              )}
              <button type="submit" class="button button--primary" disabled={busy} data-testid="key-create-submit">
                {t('yonetim.keys.create')}
              </button>
            </form>
          </section>
        </>
      }
    >
      {keys.length === 0 ? (
        <p class="empty">{t('yonetim.keys.none')}</p>
      ) : (
        <div class="yon-scroll">
          <table data-testid="key-table">
            <thead>
              <tr>
                <th scope="col">{t('yonetim.keys.name')}</th>
                <th scope="col">{t('yonetim.keys.prefix')}</th>
                <th scope="col">{t('yonetim.users.role')}</th>
                <th scope="col">{t('yonetim.keys.created')}</th>
                <th scope="col">{t('yonetim.units.state')}</th>
                <th scope="col">
                  <span class="sr-only">{t('yonetim.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <tr key={k.id} data-testid="key-row" data-id={k.id} class={k.revoked_at ? 'yon-inactive' : ''}>
                  <td>{k.name}</td>
                  <td>
                    <code>{k.prefix}</code>
                  </td>
                  <td>
                    {label('role', k.role)}
                    {k.unit && <div class="small muted">{unitName(units, k.unit)}</div>}
                  </td>
                  <td class="small">{formatDateTime(k.created_at)}</td>
                  <td>
                    {k.revoked_at ? (
                      <span class="badge badge--rejected">{t('yonetim.keys.revokedAt', { at: formatDateTime(k.revoked_at) })}</span>
                    ) : (
                      <span class="badge badge--sla-ok">{t('yonetim.active')}</span>
                    )}
                  </td>
                  <td>
                    {!k.revoked_at && (
                      <ConfirmButton label={t('yonetim.keys.revoke')} question={t('yonetim.keys.revokeQ', { name: k.name })} onConfirm={() => revoke(k)} testid="key-revoke" />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </ListEditor>
  );
}
