// `/yonetim`: the administrator's pages — units, categories, routing rules (with the "which rule would match"
// tester), users and roles, knowledge-base articles and API keys. One tab per sub-path, plain links, so that the
// keyboard, the back button and bookmarks work. The server checks every write; app.tsx lets only admins in.
import './style.css';
import type { ComponentType } from 'preact';
import { useEffect } from 'preact/hooks';
import { type MessageKey, t } from '../../i18n';
import { navigate, onLinkClick } from '../../router';
import { Shell } from '../../ui/layout';
import { ArticlesTab } from './articles';
import { CategoriesTab } from './categories';
import { KeysTab } from './keys';
import { RulesTab } from './rules';
import { UnitsTab } from './units';
import { UsersTab } from './users';

const TABS: { slug: string; label: MessageKey; Component: ComponentType }[] = [
  { slug: 'birimler', label: 'yonetim.tab.units', Component: UnitsTab },
  { slug: 'konular', label: 'yonetim.tab.categories', Component: CategoriesTab },
  { slug: 'kurallar', label: 'yonetim.tab.rules', Component: RulesTab },
  { slug: 'kullanicilar', label: 'yonetim.tab.users', Component: UsersTab },
  { slug: 'makaleler', label: 'yonetim.tab.articles', Component: ArticlesTab },
  { slug: 'api-anahtarlari', label: 'yonetim.tab.keys', Component: KeysTab },
];

export default function YonetimPage({ path }: { path: string }) {
  const slug = path.split('/')[2] ?? '';
  const tab = TABS.find((x) => x.slug === slug);
  useEffect(() => {
    // /yonetim (or an unknown sub-path) opens the first tab.
    if (!tab) navigate(`/yonetim/${TABS[0].slug}`, { replace: true });
  }, [tab]);
  if (!tab) return <Shell wide>{null}</Shell>;
  const { Component } = tab;
  return (
    <Shell wide>
      <div class="yon">
        <h1>{t('yonetim.title')}</h1>
        <nav class="yon-tabs" aria-label={t('yonetim.tabs')}>
          {TABS.map((x) => (
            <a
              key={x.slug}
              href={`/yonetim/${x.slug}`}
              onClick={onLinkClick}
              aria-current={x.slug === slug ? 'page' : undefined}
              data-testid={`tab-${x.slug}`}
            >
              {t(x.label)}
            </a>
          ))}
        </nav>
        <Component key={slug} />
      </div>
    </Shell>
  );
}
