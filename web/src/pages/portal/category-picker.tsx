// The category picker: type to filter the sub-categories the Turkish-folded way ("cop" finds "Çöp"), or narrow
// by subject group; each match is a button. Arrow keys move between the input and the matches.
import { useMemo, useState } from 'preact/hooks';
import { categoryName, searchCategories } from '../../api/catalog';
import type { Category } from '../../api/types';
import { t } from '../../i18n';
import { describedBy } from '../../ui/form';

const SHOWN = 8;

interface Props {
  tree: Category[];
  value: string;
  onChange: (code: string) => void;
  error?: string;
}

export function findSub(tree: Category[], code: string): { sub: Category; top: Category } | null {
  for (const top of tree) for (const sub of top.children ?? []) if (sub.code === code) return { sub, top };
  return null;
}

export function CategoryPicker({ tree, value, onChange, error }: Props) {
  const [query, setQuery] = useState('');
  const [group, setGroup] = useState('');
  const matches = useMemo(() => {
    const all = searchCategories(tree, query);
    return group ? all.filter((m) => m.top.code === group) : all;
  }, [tree, query, group]);
  const chosen = value ? findSub(tree, value) : null;
  const open = query.trim() !== '' || group !== '';
  const shown = matches.slice(0, query.trim() || !group ? SHOWN : matches.length);
  const searchId = 'portal-category-search';

  function focusOption(i: number) {
    const items = document.querySelectorAll<HTMLButtonElement>('#portal-category-results [data-testid=category-option]');
    if (i < 0) document.getElementById(searchId)?.focus();
    else items[Math.min(i, items.length - 1)]?.focus();
  }

  function pick(code: string) {
    onChange(code);
    setQuery('');
    setGroup('');
    document.getElementById(searchId)?.focus();
  }

  return (
    <fieldset class="portal-picker">
      <legend>{t('portal.category')}</legend>
      {chosen && (
        <p class="portal-chosen" data-testid="category-chosen" data-code={chosen.sub.code} aria-live="polite">
          <span>{t('portal.category.chosen', { name: `${categoryName(chosen.top)} › ${categoryName(chosen.sub)}` })}</span>
        </p>
      )}
      <div class="portal-picker-controls">
        <div class="field">
          <label for="portal-category-group">{t('portal.group')}</label>
          <select id="portal-category-group" value={group} onChange={(e) => setGroup((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">{t('portal.group.all')}</option>
            {tree
              .filter((c) => c.active)
              .map((c) => (
                <option key={c.code} value={c.code}>
                  {categoryName(c)}
                </option>
              ))}
          </select>
        </div>
        <div class={`field${error ? ' field--error' : ''}`}>
          <label for={searchId}>{chosen ? t('portal.category.change') : t('portal.category.search')}</label>
          <input
            id={searchId}
            type="search"
            autoComplete="off"
            value={query}
            aria-controls="portal-category-results"
            onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown' && open) {
                e.preventDefault();
                focusOption(0);
              } else if (e.key === 'Enter') {
                e.preventDefault();
                if (shown.length === 1) pick(shown[0].sub.code);
              }
            }}
            {...describedBy(searchId, error, 'hint')}
          />
          <p class="field-hint" id={`${searchId}-hint`}>
            {t('portal.category.hint')}
          </p>
          {error && (
            <p class="field-error" id={`${searchId}-error`} role="alert">
              {error}
            </p>
          )}
        </div>
      </div>
      {open && (
        <div id="portal-category-results" class="portal-options" role="group" aria-label={t('portal.category.results')}>
          {shown.length === 0 && <p class="empty">{t('portal.category.none')}</p>}
          {shown.map((m, i) => (
            <button
              key={m.sub.code}
              type="button"
              class="portal-option"
              data-testid="category-option"
              data-code={m.sub.code}
              aria-pressed={m.sub.code === value}
              onClick={() => pick(m.sub.code)}
              onKeyDown={(e) => {
                if (e.key === 'ArrowDown') {
                  e.preventDefault();
                  focusOption(i + 1);
                } else if (e.key === 'ArrowUp') {
                  e.preventDefault();
                  focusOption(i - 1);
                } else if (e.key === 'Escape') {
                  focusOption(-1);
                }
              }}
            >
              <span class="portal-option-name">{categoryName(m.sub)}</span>
              <span class="portal-option-top">{categoryName(m.top)}</span>
            </button>
          ))}
          {matches.length > shown.length && <p class="field-hint">{t('portal.category.more', { n: matches.length - shown.length })}</p>}
        </div>
      )}
    </fieldset>
  );
}
