// The category picker: a combobox searched the Turkish-folded way ("cop" finds "Çöp"), arrow keys and Enter to
// choose, each option showing its top-level category; and the classifier's top suggestions as one-key choices.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { categoryName, searchCategories } from '../../api/catalog';
import type { Category, Suggestion } from '../../api/types';
import { formatDuration } from '../../format';
import { t } from '../../i18n';
import { describedBy } from '../../ui/form';

const SHOWN = 60;

interface PickerProps {
  tree: Category[];
  value: string;
  onChange: (code: string) => void;
  error?: string;
  suggestions: Suggestion[];
}

export function findSub(tree: Category[], code: string): { sub: Category; top: Category } | null {
  for (const top of tree) for (const sub of top.children ?? []) if (sub.code === code) return { sub, top };
  return null;
}

export function CategoryPicker({ tree, value, onChange, error, suggestions }: PickerProps) {
  const selected = value ? findSub(tree, value) : null;
  const selectedLabel = selected ? categoryName(selected.sub) : '';
  const [query, setQuery] = useState(selectedLabel);
  const [focused, setFocused] = useState(false);
  const [active, setActive] = useState(0);
  const [browsing, setBrowsing] = useState(false);
  const typing = !selected || query !== selectedLabel || browsing;
  const results = useMemo(() => (typing ? searchCategories(tree, query) : []), [tree, query, typing]);
  const shown = results.slice(0, SHOWN);
  const open = focused && typing;
  const activeIndex = Math.max(0, Math.min(active, shown.length - 1));
  const id = 'req-category-search';
  const hint = t('konsol.form.categoryHint');

  function choose(code: string) {
    onChange(code);
    const found = findSub(tree, code);
    setQuery(found ? categoryName(found.sub) : '');
    setActive(0);
    setBrowsing(false);
  }

  // Alt+1..3 picks a suggestion from anywhere on the page (the picker is remounted with each new form).
  const suggestionsRef = useRef(suggestions);
  suggestionsRef.current = suggestions;
  const chooseRef = useRef(choose);
  chooseRef.current = choose;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const n = ['Digit1', 'Digit2', 'Digit3'].indexOf(e.code);
      const s = suggestionsRef.current[n];
      if (n < 0 || !s) return;
      e.preventDefault();
      chooseRef.current(s.category);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  function onKeyDown(e: KeyboardEvent) {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (!typing) {
        setBrowsing(true);
        setActive(0);
      } else setActive(Math.max(0, Math.min(activeIndex + 1, shown.length - 1)));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive(Math.max(activeIndex - 1, 0));
    } else if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) {
      if (open && shown[activeIndex]) {
        e.preventDefault();
        choose(shown[activeIndex].sub.code);
      } else if (open) {
        e.preventDefault();
      }
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      setQuery(selectedLabel);
      setBrowsing(false);
    }
  }

  return (
    <div class={`field konsol-picker${error ? ' field--error' : ''}`}>
      <div class="konsol-picker-head">
        <label for={id}>{t('konsol.form.category')}</label>
        {suggestions.length > 0 && (
          <div class="konsol-suggestions" data-testid="suggestions" role="group" aria-label={t('konsol.form.suggestions')}>
            <span class="muted small">{t('konsol.form.suggestions')}:</span>
            {suggestions.map((s, i) => {
              const found = findSub(tree, s.category);
              const name = found ? categoryName(found.sub) : s.name;
              const top = found ? categoryName(found.top) : s.top_name;
              return (
                <button
                  type="button"
                  key={s.category}
                  class={`konsol-suggestion${value === s.category ? ' is-chosen' : ''}`}
                  data-testid="suggestion"
                  data-code={s.category}
                  aria-pressed={value === s.category}
                  title={`${top} › ${name}`}
                  onClick={() => choose(s.category)}
                >
                  <kbd>Alt+{i + 1}</kbd> {name}
                </button>
              );
            })}
          </div>
        )}
      </div>
      <div class="konsol-combo">
      <input
        id={id}
        type="text"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls="req-category-list"
        aria-activedescendant={open && shown[activeIndex] ? `cat-${shown[activeIndex].sub.code}` : undefined}
        value={query}
        onInput={(e) => {
          setQuery((e.currentTarget as HTMLInputElement).value);
          setActive(0);
          if (value) onChange('');
        }}
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
        onKeyDown={onKeyDown}
        {...describedBy(id, error, hint)}
      />
      {open && (
        <ul id="req-category-list" class="konsol-options" role="listbox" aria-label={t('konsol.form.category')} data-testid="category-list">
          {shown.length === 0 && <li class="muted konsol-option-empty">{t('konsol.form.noCategory')}</li>}
          {shown.map(({ sub, top }, i) => (
            <li
              key={sub.code}
              id={`cat-${sub.code}`}
              role="option"
              aria-selected={i === activeIndex}
              class={`konsol-option${i === activeIndex ? ' is-active' : ''}`}
              data-testid="category-option"
              data-code={sub.code}
              onMouseDown={(e) => e.preventDefault()}
              onMouseMove={() => i !== activeIndex && setActive(i)}
              onClick={() => choose(sub.code)}
            >
              <span class="konsol-option-top">{categoryName(top)}</span>
              <span class="konsol-option-name">{categoryName(sub)}</span>
              {sub.urgent && <span class="badge badge--sla-late">{t('konsol.form.urgent')}</span>}
            </li>
          ))}
          {results.length > shown.length && <li class="muted konsol-option-empty">{t('konsol.form.moreCategories', { n: results.length - shown.length })}</li>}
        </ul>
      )}
      </div>
      <p class="field-hint" id={`${id}-hint`}>
        {hint}
      </p>
      {/* Always there (empty until a choice), so choosing does not move the fields below. */}
      <p class="konsol-chosen" data-testid={selected && !typing ? 'category-chosen' : undefined} data-code={selected && !typing ? selected.sub.code : undefined}>
        {selected && !typing && (
          <>
            {categoryName(selected.top)} › <strong>{categoryName(selected.sub)}</strong> · {t('konsol.form.sla', { time: formatDuration(selected.sub.sla_minutes * 60_000) })}
            {selected.sub.sla_clock === 'working_hours' ? ` (${t('konsol.form.workingHours')})` : ''}
          </>
        )}
      </p>
      {error && (
        <p class="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
