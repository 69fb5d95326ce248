// The KVKK information notice (aydınlatma metni), in an expandable section above the consent box.
import { type MessageKey, t } from '../../i18n';

const PARTS = ['controller', 'data', 'purpose', 'basis', 'transfer', 'retention', 'rights', 'apply'] as const;

export function Kvkk() {
  return (
    <details class="portal-kvkk" data-testid="kvkk-text">
      <summary>{t('portal.kvkk.summary')}</summary>
      <div class="portal-kvkk-body">
        <h3>{t('portal.kvkk.title')}</h3>
        {PARTS.map((p) => (
          <div key={p}>
            <h4>{t(`portal.kvkk.${p}.h` as MessageKey)}</h4>
            <p>{t(`portal.kvkk.${p}` as MessageKey)}</p>
          </div>
        ))}
      </div>
    </details>
  );
}
