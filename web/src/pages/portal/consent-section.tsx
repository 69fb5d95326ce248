// The portal form's KVKK notice and the consent box it requires.
import { t } from '../../i18n';
import { describedBy } from '../../ui/form';
import { Kvkk } from './kvkk';
import type { SectionProps } from './form-state';

export function ConsentSection({ state, dispatch }: SectionProps) {
  return (
    <section class="card" aria-labelledby="portal-kvkk-h">
      <h2 id="portal-kvkk-h">{t('portal.section.kvkk')}</h2>
      <Kvkk />
      <Consent checked={state.kvkk} onValue={(v) => dispatch({ kind: 'set', field: 'kvkk', value: v })} error={state.errors.kvkk} />
    </section>
  );
}

/** The required consent box, with its message under it (full width on a phone). */
function Consent({ checked, onValue, error }: { checked: boolean; onValue: (v: boolean) => void; error?: string }) {
  const id = 'portal-kvkk';
  return (
    <div class={`portal-consent${error ? ' field--error' : ''}`}>
      <div class="portal-consent-row">
        <input
          type="checkbox"
          id={id}
          name={id}
          checked={checked}
          required
          onChange={(e) => onValue((e.currentTarget as HTMLInputElement).checked)}
          {...describedBy(id, error)}
        />
        <label for={id}>{t('portal.kvkk.consent')}</label>
      </div>
      {error && (
        <p class="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
