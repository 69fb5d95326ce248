// Small pieces of feedback every page uses: loading, empty lists, notices.
import type { ComponentChildren } from 'preact';
import { t } from '../i18n';

export function Loading({ label }: { label?: string }) {
  return (
    <p class="loading" role="status" aria-live="polite">
      {label ?? t('app.loading')}
    </p>
  );
}

export function Notice({ kind = 'info', children }: { kind?: 'info' | 'success' | 'warning' | 'error'; children: ComponentChildren }) {
  return (
    <div class={`alert alert--${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}

/** The red banner that sends emergencies to 112 (agent console, portal). */
export function EmergencyBanner() {
  return (
    <div class="banner-112" role="note">
      <strong>112</strong> <span>{t('app.emergency')}</span>
    </div>
  );
}
