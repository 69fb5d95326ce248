// The portal form's contact details: the phone (required, to track the request) and, optionally, name and e-mail.
import { t } from '../../i18n';
import { TextInput } from '../../ui/form';
import type { SectionProps } from './form-state';

export function ContactSection({ state, dispatch }: SectionProps) {
  return (
    <section class="card" aria-labelledby="portal-contact">
      <h2 id="portal-contact">{t('portal.section.contact')}</h2>
      <TextInput
        id="portal-phone"
        label={t('portal.phone')}
        value={state.phone}
        onValue={(v) => dispatch({ kind: 'set', field: 'phone', value: v })}
        type="tel"
        inputMode="tel"
        autoComplete="tel"
        hint={t('portal.phone.hint')}
        error={state.errors.phone}
        required
      />
      <div class="grid-2 portal-grid">
        <TextInput
          id="portal-first-name"
          label={t('portal.firstName')}
          value={state.firstName}
          onValue={(v) => dispatch({ kind: 'set', field: 'firstName', value: v })}
          autoComplete="given-name"
          error={state.errors.firstName}
          optional
        />
        <TextInput
          id="portal-last-name"
          label={t('portal.lastName')}
          value={state.lastName}
          onValue={(v) => dispatch({ kind: 'set', field: 'lastName', value: v })}
          autoComplete="family-name"
          error={state.errors.lastName}
          optional
        />
      </div>
      <TextInput
        id="portal-email"
        label={t('portal.email')}
        value={state.email}
        onValue={(v) => dispatch({ kind: 'set', field: 'email', value: v })}
        type="email"
        inputMode="email"
        autoComplete="email"
        error={state.errors.email}
        optional
      />
    </section>
  );
}
