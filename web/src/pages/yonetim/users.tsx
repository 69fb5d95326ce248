// Users and roles: the list, creating a user with a password, changing the name, role or unit, deactivating and
// setting a new password (the server ends the user's sessions when rights change).
import { useEffect, useState } from 'preact/hooks';
import { createUser, listUsers, updateUser } from '../../api/users';
import type { User } from '../../api/types';
import { formatDate } from '../../format';
import { t } from '../../i18n';
import { foldTurkish } from '../../text';
import { Loading } from '../../ui/feedback';
import { type Column, ItemTable, ListEditor, useListEditor } from '../../ui/list-editor';
import { ProblemAlert, Select, TextInput } from '../../ui/form';
import { ActiveBadge, type Errors, ROLES, UNIT_ROLES, type UnitRow, focusFirst, hasErrors, label, serverErrors, unitName, useUnits } from './shared';

export function UsersTab() {
  const { units } = useUnits();
  const [users, setUsers] = useState<User[] | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const [filter, setFilter] = useState('');
  const { editing, saved, edit, done } = useListEditor<User>(() => setTick((n) => n + 1));

  useEffect(() => {
    let live = true;
    listUsers()
      .then((r) => live && setUsers(r.items))
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [tick]);

  if (error) return <ProblemAlert error={error} />;
  if (!users || !units) return <Loading />;
  const q = foldTurkish(filter.trim());
  const shown = q ? users.filter((u) => foldTurkish(`${u.username} ${u.display_name} ${u.unit ?? ''} ${label('role', u.role)}`).includes(q)) : users;
  const columns: Column<User>[] = [
    { header: t('yonetim.users.username'), cell: (u) => <code>{u.username}</code> },
    {
      header: t('yonetim.users.name'),
      cell: (u) => (
        <>
          {u.display_name}
          <div class="small muted">{formatDate(u.created_at)}</div>
        </>
      ),
    },
    { header: t('yonetim.users.role'), cell: (u) => label('role', u.role) },
    { header: t('yonetim.users.unit'), cell: (u) => unitName(units, u.unit) },
    { header: t('yonetim.units.state'), cell: (u) => <ActiveBadge active={u.active} /> },
    {
      header: t('yonetim.actions'),
      hidden: true,
      cell: (u) => (
        <button type="button" class="button yon-small" aria-label={t('yonetim.editNamed', { name: u.username })} onClick={() => edit(u)}>
          {t('yonetim.edit')}
        </button>
      ),
    },
  ];

  return (
    <ListEditor
      title={t('yonetim.users.title')}
      titleId="users-h"
      saved={saved}
      side={
        <>
          {editing && <UserEditor key={editing.id} user={editing} units={units} onDone={done} />}
          <UserCreator units={units} onCreated={(name) => done(t('yonetim.users.created', { name }))} />
        </>
      }
    >
      <TextInput id="user-filter" label={t('yonetim.users.filter')} value={filter} onValue={setFilter} type="search" />
      <ItemTable
        rows={shown}
        columns={columns}
        testid="user-table"
        rowKey={(u) => u.id}
        rowProps={(u) => ({ 'data-testid': 'user-row', 'data-username': u.username })}
        inactive={(u) => !u.active}
      />
    </ListEditor>
  );
}

function passwordProblem(p: string): string | undefined {
  if (p.length < 10) return t('yonetim.err.passwordShort');
  if (p.length > 256) return t('yonetim.err.tooLong', { max: 256 });
  return undefined;
}

function unitOptions(units: UnitRow[], current: string) {
  return units.filter((u) => u.active || u.code === current).map((u) => ({ value: u.code, label: `${u.name} (${u.code})` }));
}

const NEW_IDS = { username: 'user-username', name: 'user-name', role: 'user-role', unit: 'user-unit', password: 'user-password' };

function UserCreator({ units, onCreated }: { units: UnitRow[]; onCreated: (name: string) => void }) {
  const [username, setUsername] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState('agent');
  const [unit, setUnit] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function create(e: Event) {
    e.preventDefault();
    setProblem(null);
    const errs: Errors = {};
    const u = username.trim();
    if (!u) errs.username = t('yonetim.err.required');
    else if (!/^[a-z0-9._-]{3,32}$/.test(u)) errs.username = t('yonetim.err.username');
    if (!name.trim()) errs.name = t('yonetim.err.required');
    else if (name.trim().length > 100) errs.name = t('yonetim.err.tooLong', { max: 100 });
    if (UNIT_ROLES.has(role) && !unit) errs.unit = t('yonetim.err.unitRole');
    errs.password = passwordProblem(password);
    setErrors(errs);
    if (hasErrors(errs)) return focusFirst(errs, NEW_IDS);
    setBusy(true);
    try {
      await createUser({ username: u, display_name: name.trim(), role, unit: UNIT_ROLES.has(role) ? unit : unit || '', password });
      setUsername('');
      setName('');
      setPassword('');
      setUnit('');
      onCreated(u);
    } catch (err) {
      const fe = serverErrors(err, { username: 'username', display_name: 'name', role: 'role', unit: 'unit', password: 'password' });
      setErrors(fe);
      focusFirst(fe, NEW_IDS);
      setProblem(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card" aria-labelledby="user-new-h">
      <h2 id="user-new-h">{t('yonetim.users.new')}</h2>
      <form onSubmit={create} noValidate data-testid="user-create">
        <ProblemAlert error={problem} />
        <TextInput id="user-username" label={t('yonetim.users.username')} value={username} onValue={setUsername} hint={t('yonetim.users.usernameHint')} error={errors.username} autoComplete="off" required />
        <TextInput id="user-name" label={t('yonetim.users.name')} value={name} onValue={setName} error={errors.name} required />
        <Select id="user-role" label={t('yonetim.users.role')} value={role} onValue={setRole} options={ROLES.map((r) => ({ value: r, label: label('role', r) }))} error={errors.role} />
        <Select
          id="user-unit"
          label={t('yonetim.users.unit')}
          value={unit}
          onValue={setUnit}
          placeholder={UNIT_ROLES.has(role) ? t('form.choose') : t('yonetim.users.noUnit')}
          options={unitOptions(units, unit)}
          error={errors.unit}
          optional={!UNIT_ROLES.has(role)}
        />
        <TextInput id="user-password" label={t('yonetim.users.password')} type="password" value={password} onValue={setPassword} hint={t('yonetim.users.passwordHint')} error={errors.password} autoComplete="new-password" required />
        <button type="submit" class="button button--primary" disabled={busy} data-testid="user-create-submit">
          {t('yonetim.create')}
        </button>
      </form>
    </section>
  );
}

const EDIT_IDS = { name: 'user-edit-name', role: 'user-edit-role', unit: 'user-edit-unit', password: 'user-edit-password' };

function UserEditor({ user, units, onDone }: { user: User; units: UnitRow[]; onDone: (message?: string) => void }) {
  const [name, setName] = useState(user.display_name);
  const [role, setRole] = useState<string>(user.role);
  const [unit, setUnit] = useState(user.unit ?? '');
  const [active, setActive] = useState(user.active);
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => document.getElementById('user-edit-name')?.focus(), []);

  async function save(e: Event) {
    e.preventDefault();
    setProblem(null);
    const errs: Errors = {};
    if (!name.trim()) errs.name = t('yonetim.err.required');
    else if (name.trim().length > 100) errs.name = t('yonetim.err.tooLong', { max: 100 });
    if (UNIT_ROLES.has(role) && !unit) errs.unit = t('yonetim.err.unitRole');
    if (password) errs.password = passwordProblem(password);
    setErrors(errs);
    if (hasErrors(errs)) return focusFirst(errs, EDIT_IDS);
    setBusy(true);
    const body: Record<string, unknown> = { display_name: name.trim(), role, unit, active };
    if (password) body.password = password;
    try {
      await updateUser(user.id, body);
      onDone(password ? t('yonetim.users.savedWithPassword', { name: user.username }) : t('yonetim.savedNamed', { name: user.username }));
    } catch (err) {
      const fe = serverErrors(err, { display_name: 'name', role: 'role', unit: 'unit', password: 'password' });
      setErrors(fe);
      focusFirst(fe, EDIT_IDS);
      setProblem(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card" aria-labelledby="user-edit-h" data-testid="user-editor">
      <h2 id="user-edit-h">{t('yonetim.users.edit', { name: user.username })}</h2>
      <form onSubmit={save} noValidate>
        <ProblemAlert error={problem} />
        <TextInput id="user-edit-name" label={t('yonetim.users.name')} value={name} onValue={setName} error={errors.name} required />
        <Select id="user-edit-role" label={t('yonetim.users.role')} value={role} onValue={setRole} options={ROLES.map((r) => ({ value: r, label: label('role', r) }))} error={errors.role} />
        <Select
          id="user-edit-unit"
          label={t('yonetim.users.unit')}
          value={unit}
          onValue={setUnit}
          placeholder={UNIT_ROLES.has(role) ? t('form.choose') : t('yonetim.users.noUnit')}
          options={unitOptions(units, unit)}
          error={errors.unit}
          optional={!UNIT_ROLES.has(role)}
        />
        <div class="field field--check">
          <input type="checkbox" id="user-edit-active" checked={active} onChange={(e) => setActive((e.currentTarget as HTMLInputElement).checked)} />
          <label for="user-edit-active">{t('yonetim.users.active')}</label>
        </div>
        <TextInput
          id="user-edit-password"
          label={t('yonetim.users.newPassword')}
          type="password"
          value={password}
          onValue={setPassword}
          hint={t('yonetim.users.newPasswordHint')}
          error={errors.password}
          autoComplete="new-password"
          optional
        />
        <div class="row">
          <button type="submit" class="button button--primary" disabled={busy} data-testid="user-save">
            {t('form.save')}
          </button>
          <button type="button" class="button" onClick={() => onDone()}>
            {t('form.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
