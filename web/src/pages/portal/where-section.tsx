// The portal form's location: district → neighbourhood, street, address, or a pin on the map.
import { t } from '../../i18n';
import { Select, TextInput } from '../../ui/form';
import type { District, Neighbourhood } from '../../api/types';
import type { SectionProps } from './form-state';
import { PinPicker } from './pin-picker';

export function WhereSection({ state, dispatch, districts, neighbourhoods }: SectionProps & { districts: District[]; neighbourhoods: Neighbourhood[] | undefined }) {
  return (
    <section class="card" aria-labelledby="portal-where">
      <h2 id="portal-where">{t('portal.section.where')}</h2>
      <div class="grid-2 portal-grid">
        <Select
          id="portal-district"
          label={t('portal.district')}
          value={state.district}
          onValue={(v) => dispatch({ kind: 'district', value: v })}
          placeholder={t('form.choose')}
          options={districts.map((d) => ({ value: d.code, label: d.name }))}
          error={state.errors.district}
          optional
        />
        <Select
          id="portal-neighbourhood"
          label={t('portal.neighbourhood')}
          value={state.neighbourhood}
          onValue={(v) => dispatch({ kind: 'set', field: 'neighbourhood', value: v })}
          placeholder={state.district ? t('form.choose') : t('portal.neighbourhood.first')}
          options={(state.district ? neighbourhoods ?? [] : [])
            .filter((n) => n.active)
            .map((n) => ({ value: String(n.id), label: n.name }))}
          disabled={!state.district}
          optional
        />
      </div>
      <TextInput id="portal-street" label={t('portal.street')} value={state.street} onValue={(v) => dispatch({ kind: 'set', field: 'street', value: v })} maxLength={200} optional />
      <TextInput
        id="portal-address"
        label={t('portal.address')}
        value={state.address}
        onValue={(v) => dispatch({ kind: 'set', field: 'address', value: v })}
        hint={t('portal.address.hint')}
        maxLength={500}
        optional
      />
      <PinPicker pin={state.pin} onPin={(p) => dispatch({ kind: 'set', field: 'pin', value: p })} />
    </section>
  );
}
