// The frame around every page: a skip link, the header with the pages this user may open, the live indicator,
// the language switch and sign-out; then the page in <main>.
import type { ComponentChildren } from 'preact';
import { useLiveConnected } from '../api/live';
import { setLang, t, useLang } from '../i18n';
import { navigate, onLinkClick, usePath } from '../router';
import { logout, pagesFor, useSession } from '../session';

export function Shell({ children, live = false, wide = false }: { children: ComponentChildren; live?: boolean; wide?: boolean }) {
  const lang = useLang();
  const { me } = useSession();
  const path = usePath();
  const links: { href: string; label: string }[] = me
    ? pagesFor(me.role).map((p) => ({ href: `/${p}`, label: t(`nav.${p}`) }))
    : [
        { href: '/', label: t('nav.portal') },
        { href: '/takip', label: t('nav.track') },
      ];
  return (
    <>
      <a class="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header class="topbar">
        <a class="brand" href={me ? '/' + (pagesFor(me.role)[0] ?? '') : '/'} onClick={onLinkClick}>
          <span class="brand-mark" aria-hidden="true">
            153
          </span>
          <span class="brand-text">
            <strong>{t('app.name')}</strong>
            <small>{t('app.tagline')}</small>
          </span>
        </a>
        <nav aria-label={t('nav.main')} class="topnav">
          {links.map((l) => (
            <a
              key={l.href}
              href={l.href}
              onClick={onLinkClick}
              aria-current={path === l.href || path.startsWith(l.href + '/') ? 'page' : undefined}
            >
              {l.label}
            </a>
          ))}
        </nav>
        <div class="topbar-tools">
          {live && me && <LiveIndicator />}
          <button type="button" class="link-button" onClick={() => setLang(lang === 'tr' ? 'en' : 'tr')} lang={lang === 'tr' ? 'en' : 'tr'}>
            {t('app.switchLang')}
          </button>
          {me ? (
            <>
              <span class="whoami" data-testid="whoami">
                {me.name}
              </span>
              <button
                type="button"
                class="link-button"
                onClick={async () => {
                  await logout();
                  navigate('/giris');
                }}
              >
                {t('nav.logout')}
              </button>
            </>
          ) : (
            path !== '/giris' && (
              <a href="/giris" onClick={onLinkClick}>
                {t('nav.login')}
              </a>
            )
          )}
        </div>
      </header>
      <main id="main" class={wide ? 'main main--wide' : 'main'} tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

function LiveIndicator() {
  const connected = useLiveConnected();
  return (
    <span class={`live ${connected ? 'live--on' : 'live--off'}`} data-testid="live-indicator" data-connected={connected}>
      {connected ? t('app.live') : t('app.offline')}
    </span>
  );
}
