// The portal form's first section: the kind of request, the description, the classifier's suggestions and the subject.
import { categoryName } from '../../api/catalog';
import { type MessageKey, t } from '../../i18n';
import { Select, TextArea } from '../../ui/form';
import { CategoryPicker, findSub } from './category-picker';
import { MAX_DESCRIPTION } from './validate';
import type { Category } from '../../api/types';
import type { SectionProps } from './form-state';

const TYPES = ['request', 'complaint', 'suggestion', 'report', 'information', 'thanks'] as const;

export function WhatSection({ state, dispatch, tree }: SectionProps & { tree: Category[] }) {
  return (
    <section class="card" aria-labelledby="portal-what">
      <h2 id="portal-what">{t('portal.section.what')}</h2>
      <Select
        id="portal-type"
        label={t('portal.type')}
        value={state.type}
        onValue={(v) => dispatch({ kind: 'set', field: 'type', value: v })}
        options={TYPES.map((c) => ({ value: c, label: t(`portal.type.${c}` as MessageKey) }))}
      />
      <TextArea
        id="portal-description"
        label={t('portal.description')}
        value={state.description}
        onValue={(v) => dispatch({ kind: 'set', field: 'description', value: v })}
        hint={`${t('portal.description.hint')} ${t('portal.description.count', { n: [...state.description].length, max: MAX_DESCRIPTION })}`}
        error={state.errors.description}
        rows={5}
        required
      />
      {state.classifierOn && (
        <div class="portal-suggestions" data-testid="category-suggestions" aria-live="polite">
          {state.suggestions.length > 0 && <p class="small">{t('portal.suggest.title')}</p>}
          <div class="row">
            {state.suggestions.map((s) => {
              const found = tree ? findSub(tree, s.category) : null;
              const name = found ? categoryName(found.sub) : s.name;
              return (
                <button
                  key={s.category}
                  type="button"
                  class="button"
                  data-testid="category-suggestion"
                  data-code={s.category}
                  aria-pressed={state.category === s.category}
                  aria-label={t('portal.suggest.use', { name })}
                  onClick={() => dispatch({ kind: 'set', field: 'category', value: s.category })}
                >
                  {name}
                </button>
              );
            })}
          </div>
        </div>
      )}
      <CategoryPicker tree={tree} value={state.category} onChange={(v) => dispatch({ kind: 'set', field: 'category', value: v })} error={state.errors.category} />
    </section>
  );
}
