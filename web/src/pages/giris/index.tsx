// Staff sign-in. After signing in, goes to `?next=` when this role may open it, else to the role's first page.
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import { t } from '../../i18n';
import { navigate, searchParams } from '../../router';
import { type StaffPage, login, mayOpen, pagesFor, useSession } from '../../session';
import { ProblemAlert, TextInput } from '../../ui/form';
import { Notice } from '../../ui/feedback';
import { Shell } from '../../ui/layout';

function destination(me: NonNullable<ReturnType<typeof useSession>['me']>): string | null {
  const next = searchParams().get('next') ?? '';
  const page = next.split('/')[1] as StaffPage;
  if (next.startsWith('/') && !next.startsWith('//') && mayOpen(me, page)) return next;
  const first = pagesFor(me.role)[0];
  return first ? `/${first}` : null;
}

export default function LoginPage() {
  const { me } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => document.getElementById('login-username')?.focus(), []);
  useEffect(() => {
    if (me) {
      const to = destination(me);
      if (to) navigate(to, { replace: true });
    }
  }, [me]);

  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    if (!username.trim() || !password) {
      setMissing(true);
      return;
    }
    setMissing(false);
    setBusy(true);
    try {
      await login(username.trim(), password);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const wrong = error instanceof ApiError && error.status === 401;
  return (
    <Shell>
      <section class="card narrow">
        <h1>{t('login.title')}</h1>
        {me && !destination(me) && <Notice kind="warning">{t('login.noPage')}</Notice>}
        <form onSubmit={submit} noValidate data-testid="login-form">
          {missing && (
            <p class="alert alert--error" role="alert">
              {t('login.required')}
            </p>
          )}
          {wrong ? (
            <p class="alert alert--error" role="alert">
              {t('login.failed')}
            </p>
          ) : (
            <ProblemAlert error={error} />
          )}
          <TextInput
            id="login-username"
            label={t('login.username')}
            value={username}
            onValue={setUsername}
            autoComplete="username"
            required
          />
          <TextInput
            id="login-password"
            label={t('login.password')}
            value={password}
            onValue={setPassword}
            type="password"
            autoComplete="current-password"
            required
          />
          <button type="submit" class="button button--primary" disabled={busy}>
            {t('login.submit')}
          </button>
        </form>
      </section>
    </Shell>
  );
}
