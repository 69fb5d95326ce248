// Picks the page from the path, loads its code on demand (each page is its own chunk), and keeps staff pages
// behind sign-in and the role's rights.
import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t, useLang } from './i18n';
import { navigate, usePath } from './router';
import { type StaffPage, mayOpen, useSession } from './session';
import { Loading, Notice } from './ui/feedback';
import { Shell } from './ui/layout';

/** Every page module's default export: it gets the full path and handles its own sub-paths. */
export type PageComponent = FunctionComponent<{ path: string }>;

type Loader = () => Promise<{ default: PageComponent }>;

const PUBLIC: Record<string, Loader> = {
  '': () => import('./pages/portal'),
  takip: () => import('./pages/portal'),
  giris: () => import('./pages/giris'),
};

const STAFF: Record<StaffPage, Loader> = {
  konsol: () => import('./pages/konsol'),
  birim: () => import('./pages/birim'),
  panel: () => import('./pages/panel'),
  yonetim: () => import('./pages/yonetim'),
};

const loaded = new Map<Loader, PageComponent>();

function useModule(loader: Loader | undefined): PageComponent | undefined | null {
  const [, force] = useState(0);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!loader || loaded.has(loader)) return;
    let live = true;
    loader()
      .then((m) => {
        loaded.set(loader, m.default);
        if (live) force((n) => n + 1);
      })
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [loader]);
  if (!loader || failed) return null;
  return loaded.get(loader);
}

export function App() {
  useLang(); // re-render everything when the language changes
  const path = usePath();
  const { me, loaded: sessionLoaded } = useSession();
  const segment = path.split('/')[1] ?? '';
  const staffPage = (segment in STAFF ? segment : undefined) as StaffPage | undefined;
  const loader = staffPage ? STAFF[staffPage] : PUBLIC[segment];
  const Page = useModule(loader);

  useEffect(() => {
    if (staffPage && sessionLoaded && !me) {
      navigate(`/giris?next=${encodeURIComponent(path + window.location.search)}`, { replace: true });
    }
  }, [staffPage, sessionLoaded, me, path]);

  if (!loader || Page === null) {
    return (
      <Shell>
        <Notice kind="warning">{t('error.notFound')}</Notice>
      </Shell>
    );
  }
  if (staffPage) {
    if (!sessionLoaded || !me || !Page) return <Shell><Loading /></Shell>;
    if (!mayOpen(me, staffPage)) {
      return (
        <Shell>
          <Notice kind="error">{t('error.forbidden')}</Notice>
        </Shell>
      );
    }
  }
  if (!Page) return <Shell><Loading /></Shell>;
  return <Page path={path} />;
}
