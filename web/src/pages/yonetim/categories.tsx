// Categories: the tree (inactive ones too), and one editor for creating and changing a category — names,
// SLA minutes and clock, priority, default unit (or the district municipality), urgent, keywords, active.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { categoryName, invalidateCatalog } from '../../api/catalog';
import { createCategory, listAllCategories, updateCategory } from '../../api/categories';
import type { Category } from '../../api/types';
import { formatDuration } from '../../format';
import { t } from '../../i18n';
import { foldTurkish } from '../../text';
import { Loading } from '../../ui/feedback';
import { ListEditor, useListEditor } from '../../ui/list-editor';
import { ProblemAlert, Select, TextArea, TextInput } from '../../ui/form';
import { CLOCKS, type Errors, PRIORITIES, focusFirst, hasErrors, label, serverErrors, unitName, useUnits } from './shared';

/** "a, b\nc" → ["a", "b", "c"], trimmed, without empties or repeats. */
export function parseKeywords(text: string): string[] {
  const out: string[] = [];
  for (const k of text.split(/[\n,]+/)) {
    const w = k.trim();
    if (w && !out.includes(w)) out.push(w);
  }
  return out;
}

type Editing = { mode: 'new'; parent: string | null } | { mode: 'edit'; category: Category };

export function CategoriesTab() {
  const { units } = useUnits();
  const [tree, setTree] = useState<Category[] | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const [filter, setFilter] = useState('');
  const { editing, saved, edit, done } = useListEditor<Editing>(() => {
    invalidateCatalog();
    setTick((n) => n + 1);
  });

  useEffect(() => {
    let live = true;
    listAllCategories()
      .then((r) => live && setTree(r.items))
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [tick]);

  const shown = useMemo(() => {
    if (!tree) return [];
    const q = foldTurkish(filter.trim());
    if (!q) return tree;
    const hit = (c: Category) =>
      foldTurkish(`${c.code} ${c.name} ${c.name_en} ${c.keywords.join(' ')}`).includes(q);
    return tree
      .map((top) => ({ ...top, children: hit(top) ? top.children : (top.children ?? []).filter(hit) }))
      .filter((top) => hit(top) || (top.children ?? []).length > 0);
  }, [tree, filter]);

  if (error) return <ProblemAlert error={error} />;
  if (!tree || !units) return <Loading />;

  const row = (c: Category, isTop: boolean) => (
    <div class="yon-cat" data-testid="category-node" data-code={c.code} data-active={c.active}>
      <div class="yon-cat-main">
        <strong>{categoryName(c)}</strong> <code class="small">{c.code}</code>
        {!c.active && <span class="badge badge--rejected">{t('yonetim.inactive')}</span>}
        {c.urgent && <span class="badge badge--sla-late">{t('yonetim.cat.urgentBadge')}</span>}
      </div>
      <div class="yon-cat-meta small muted">
        {c.unit ? unitName(units, c.unit) : t('yonetim.cat.inherits')}
        {!isTop || c.sla_minutes ? ` · SLA ${formatDuration(c.sla_minutes * 60_000)} (${label('clock', c.sla_clock)})` : ''}
        {c.priority && ` · ${label('priority', c.priority)}`}
        {c.keywords.length > 0 && ` · ${t('yonetim.cat.keywordCount', { n: c.keywords.length })}`}
      </div>
      <div class="row yon-cat-actions">
        <button type="button" class="button yon-small" aria-label={t('yonetim.editNamed', { name: c.name })} onClick={() => edit({ mode: 'edit', category: c })}>
          {t('yonetim.edit')}
        </button>
        {isTop && (
          <button type="button" class="button yon-small" aria-label={t('yonetim.cat.addSubTo', { name: c.name })} onClick={() => edit({ mode: 'new', parent: c.code })}>
            {t('yonetim.cat.addSub')}
          </button>
        )}
      </div>
    </div>
  );

  return (
    <ListEditor
      title={t('yonetim.cat.title')}
      titleId="cats-h"
      saved={saved}
      action={
        <button type="button" class="button" data-testid="category-new" onClick={() => edit({ mode: 'new', parent: null })}>
          {t('yonetim.cat.newTop')}
        </button>
      }
      side={
        <>
          {editing && (
            <CategoryEditor
              key={editing.mode === 'edit' ? editing.category.code : `new-${editing.parent ?? ''}`}
              editing={editing}
              tree={tree}
              units={units}
              onDone={done}
            />
          )}
        </>
      }
    >
      <TextInput id="cat-filter" label={t('yonetim.cat.filter')} value={filter} onValue={setFilter} type="search" />
      <ul class="yon-tree" data-testid="category-tree">
        {shown.map((top) => (
          <li key={top.code}>
            {row(top, true)}
            {(top.children ?? []).length > 0 && (
              <ul>
                {(top.children ?? []).map((sub) => (
                  <li key={sub.code}>{row(sub, false)}</li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </ListEditor>
  );
}

const IDS = { code: 'cat-code', name: 'cat-name', nameEn: 'cat-name-en', sla: 'cat-sla', clock: 'cat-clock', priority: 'cat-priority', unit: 'cat-unit', keywords: 'cat-keywords' };

function CategoryEditor({
  editing,
  tree,
  units,
  onDone,
}: {
  editing: Editing;
  tree: Category[];
  units: ReturnType<typeof useUnits>['units'];
  onDone: (message?: string) => void;
}) {
  const existing = editing.mode === 'edit' ? editing.category : null;
  const parent = existing ? existing.parent : editing.mode === 'new' ? editing.parent : null;
  const [code, setCode] = useState(existing?.code ?? (parent ? `${parent}.` : ''));
  const [name, setName] = useState(existing?.name ?? '');
  const [nameEn, setNameEn] = useState(existing?.name_en ?? '');
  const [sla, setSla] = useState(String(existing?.sla_minutes ?? 4320));
  const [clock, setClock] = useState(existing?.sla_clock ?? 'working_hours');
  const [priority, setPriority] = useState(existing?.priority ?? 'normal');
  const [unit, setUnit] = useState(existing?.unit ?? '');
  const [urgent, setUrgent] = useState(existing?.urgent ?? false);
  const [keywords, setKeywords] = useState((existing?.keywords ?? []).join('\n'));
  const [active, setActive] = useState(existing?.active ?? true);
  const [errors, setErrors] = useState<Errors>({});
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const isTop = existing ? !existing.parent : !code.includes('.');
  useEffect(() => document.getElementById(existing ? 'cat-name' : 'cat-code')?.focus(), []);

  async function save(e: Event) {
    e.preventDefault();
    setProblem(null);
    const errs: Errors = {};
    const c = code.trim().toUpperCase();
    if (!existing) {
      if (!/^[A-Z0-9_]{2,32}(\.[A-Z0-9_]{2,32})?$/.test(c)) errs.code = t('yonetim.err.catCode');
      else if (c.includes('.') && !tree.some((x) => x.code === c.split('.')[0])) errs.code = t('yonetim.err.catParent', { code: c.split('.')[0] });
    }
    if (!name.trim()) errs.name = t('yonetim.err.required');
    else if (name.trim().length > 200) errs.name = t('yonetim.err.tooLong', { max: 200 });
    if (nameEn.trim().length > 200) errs.nameEn = t('yonetim.err.tooLong', { max: 200 });
    const minutes = Number(sla);
    if (!/^\d+$/.test(sla.trim()) || minutes > 525600) errs.sla = t('yonetim.err.sla');
    if (isTop && !unit) errs.unit = t('yonetim.err.topUnit');
    const words = parseKeywords(keywords);
    if (words.join('|').length > 2000) errs.keywords = t('yonetim.err.tooLong', { max: 2000 });
    setErrors(errs);
    if (hasErrors(errs)) return focusFirst(errs, IDS);
    setBusy(true);
    const body = {
      name: name.trim(),
      name_en: nameEn.trim(),
      sla_minutes: minutes,
      sla_clock: clock,
      priority,
      unit,
      urgent,
      keywords: words,
      active,
    };
    try {
      if (existing) await updateCategory(existing.code, body);
      else await createCategory({ code: c, ...body });
      onDone(t('yonetim.savedNamed', { name: `${name.trim()} (${existing?.code ?? c})` }));
    } catch (err) {
      const fe = serverErrors(err, { code: 'code', name: 'name', name_tr: 'name', name_en: 'nameEn', sla_minutes: 'sla', sla_clock: 'clock', priority: 'priority', unit: 'unit', keywords: 'keywords' });
      setErrors(fe);
      focusFirst(fe, IDS);
      setProblem(err);
    } finally {
      setBusy(false);
    }
  }

  const unitOptions = [
    { value: '@district', label: t('yonetim.unit.district') },
    ...(units ?? []).filter((u) => u.active || u.code === unit).map((u) => ({ value: u.code, label: `${u.name} (${u.code})` })),
  ];
  return (
    <section class="card" aria-labelledby="cat-edit-h" data-testid="category-editor">
      <h2 id="cat-edit-h">
        {existing ? t('yonetim.cat.edit', { code: existing.code }) : parent ? t('yonetim.cat.newSub', { code: parent }) : t('yonetim.cat.newTop')}
      </h2>
      <form onSubmit={save} noValidate>
        <ProblemAlert error={problem} />
        {!existing && (
          <TextInput id="cat-code" label={t('yonetim.cat.code')} value={code} onValue={setCode} hint={t('yonetim.cat.codeHint')} error={errors.code} required />
        )}
        <TextInput id="cat-name" label={t('yonetim.cat.name')} value={name} onValue={setName} error={errors.name} required />
        <TextInput id="cat-name-en" label={t('yonetim.cat.nameEn')} value={nameEn} onValue={setNameEn} error={errors.nameEn} optional />
        <div class="yon-pair">
          <TextInput
            id="cat-sla"
            label={t('yonetim.cat.sla')}
            value={sla}
            onValue={setSla}
            inputMode="numeric"
            hint={/^\d+$/.test(sla) ? formatDuration(Number(sla) * 60_000) : undefined}
            error={errors.sla}
            required
          />
          <Select id="cat-clock" label={t('yonetim.cat.clock')} value={clock} onValue={setClock} options={CLOCKS.map((c) => ({ value: c, label: label('clock', c) }))} error={errors.clock} />
        </div>
        <Select id="cat-priority" label={t('yonetim.cat.priority')} value={priority} onValue={setPriority} options={PRIORITIES.map((p) => ({ value: p, label: label('priority', p) }))} error={errors.priority} />
        <Select
          id="cat-unit"
          label={t('yonetim.cat.unit')}
          value={unit}
          onValue={setUnit}
          placeholder={isTop ? t('form.choose') : t('yonetim.cat.inherits')}
          options={unitOptions}
          error={errors.unit}
        />
        <div class="field field--check">
          <input type="checkbox" id="cat-urgent" checked={urgent} onChange={(e) => setUrgent((e.currentTarget as HTMLInputElement).checked)} />
          <label for="cat-urgent">{t('yonetim.cat.urgent')}</label>
        </div>
        <TextArea id="cat-keywords" label={t('yonetim.cat.keywords')} value={keywords} onValue={setKeywords} hint={t('yonetim.cat.keywordsHint')} error={errors.keywords} rows={5} optional />
        <div class="field field--check">
          <input type="checkbox" id="cat-active" checked={active} onChange={(e) => setActive((e.currentTarget as HTMLInputElement).checked)} />
          <label for="cat-active">{t('yonetim.cat.active')}</label>
        </div>
        <div class="row">
          <button type="submit" class="button button--primary" disabled={busy} data-testid="cat-save">
            {t('form.save')}
          </button>
          <button type="button" class="button" onClick={() => onDone()}>
            {t('form.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
