// Routing rules: the ordered list (the first active match decides), create/edit/delete, moving a rule up or down,
// and the tester that answers which unit and which rule would take a request (testRules).
import { useEffect, useState } from 'preact/hooks';
import { categoryName, invalidateCatalog, loadCategories, loadDistricts, useLoad } from '../../api/catalog';
import { type Rule, type RuleTestResult as TestResult, createRule, deleteRule, listRules, testRules, updateRule } from '../../api/routing-rules';
import type { Category } from '../../api/types';
import { t } from '../../i18n';
import { Loading } from '../../ui/feedback';
import { ListEditor, useListEditor } from '../../ui/list-editor';
import { ProblemAlert, Select, TextInput } from '../../ui/form';
import { CHANNELS, ConfirmButton, type Errors, PRIORITIES, TYPES, focusFirst, hasErrors, label, serverErrors, unitName, useUnits } from './shared';

function ruleBody(r: Omit<Rule, 'id'>) {
  return {
    position: r.position,
    name: r.name,
    category: r.category ?? '',
    district: r.district ?? '',
    channel: r.channel || undefined,
    type: r.type || undefined,
    unit: r.unit,
    priority: r.priority || undefined,
    active: r.active,
  };
}

function categoryOptions(tree: Category[]) {
  const out: { value: string; label: string }[] = [];
  for (const top of tree) {
    out.push({ value: top.code, label: `${categoryName(top)} (${top.code})` });
    for (const sub of top.children ?? []) out.push({ value: sub.code, label: `  › ${categoryName(sub)} (${sub.code})` });
  }
  return out;
}

export function RulesTab() {
  const { units } = useUnits();
  const tree = useLoad(loadCategories);
  const districts = useLoad(loadDistricts);
  const [rules, setRules] = useState<Rule[] | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const reload = () => {
    invalidateCatalog();
    setTick((n) => n + 1);
  };
  const { editing, saved, edit, announce, done } = useListEditor<Rule | 'new'>(reload);
  const [problem, setProblem] = useState<unknown>(null);
  const [matched, setMatched] = useState<number | null>(null);

  useEffect(() => {
    let live = true;
    listRules()
      .then((r) => live && setRules([...r.items].sort((a, b) => a.position - b.position || a.id - b.id)))
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [tick]);

  if (error) return <ProblemAlert error={error} />;
  if (!rules || !units || !tree || !districts) return <Loading />;
  const districtName = (c: string | null) => (c ? districts.find((d) => d.code === c)?.name ?? c : '');
  const catLabel = (c: string | null) => {
    if (!c) return '';
    for (const top of tree) {
      if (top.code === c) return categoryName(top);
      const sub = (top.children ?? []).find((s) => s.code === c);
      if (sub) return categoryName(sub);
    }
    return c;
  };

  async function move(index: number, delta: number) {
    if (!rules) return;
    const order = [...rules];
    const [r] = order.splice(index, 1);
    order.splice(index + delta, 0, r);
    setProblem(null);
    try {
      // Renumber 10, 20, 30… and write only the rules whose position changed.
      for (let i = 0; i < order.length; i++) {
        const position = (i + 1) * 10;
        if (order[i].position !== position) await updateRule(order[i].id, ruleBody({ ...order[i], position }));
      }
      announce(t('yonetim.rules.moved', { name: r.name }));
      reload();
    } catch (err) {
      setProblem(err);
      reload();
    }
  }

  async function remove(rule: Rule) {
    setProblem(null);
    try {
      await deleteRule(rule.id);
      if (editing !== 'new' && editing?.id === rule.id) done();
      announce(t('yonetim.rules.deleted', { name: rule.name }));
      reload();
    } catch (err) {
      setProblem(err);
    }
  }

  const conditions = (r: Rule) =>
    [
      r.category && `${t('yonetim.rules.category')}: ${catLabel(r.category)}`,
      r.district && `${t('yonetim.rules.district')}: ${districtName(r.district)}`,
      r.channel && `${t('yonetim.rules.channel')}: ${label('channel', r.channel)}`,
      r.type && `${t('yonetim.rules.type')}: ${label('type', r.type)}`,
    ].filter(Boolean) as string[];

  return (
    <ListEditor
      title={t('yonetim.rules.title')}
      titleId="rules-h"
      intro={t('yonetim.rules.intro')}
      saved={saved}
      action={
        <button type="button" class="button" data-testid="rule-new" onClick={() => edit('new')}>
          {t('yonetim.rules.new')}
        </button>
      }
      side={
        <>
          {editing && (
            <RuleEditor
              key={editing === 'new' ? 'new' : editing.id}
              rule={editing === 'new' ? null : editing}
              nextPosition={(rules.length ? rules[rules.length - 1].position : 0) + 10}
              tree={tree}
              districts={districts}
              units={units}
              onDone={done}
            />
          )}
          <RuleTester tree={tree} districts={districts} units={units} rules={rules} onMatched={setMatched} />
        </>
      }
    >
      <ProblemAlert error={problem} />
      {rules.length === 0 ? (
        <p class="empty">{t('yonetim.rules.none')}</p>
      ) : (
        <ol class="yon-rules" data-testid="rule-list">
          {rules.map((r, i) => (
            <li key={r.id} data-testid="rule-row" data-id={r.id} data-matched={matched === r.id} class={`${r.active ? '' : 'yon-inactive'}${matched === r.id ? ' yon-matched' : ''}`}>
              <div class="yon-rule-head">
                <span class="yon-pos" title={t('yonetim.rules.position')}>
                  {r.position}
                </span>
                <strong>{r.name}</strong>
                {!r.active && <span class="badge badge--rejected">{t('yonetim.inactive')}</span>}
                {matched === r.id && <span class="badge badge--sla-ok">{t('yonetim.rules.matchedBadge')}</span>}
              </div>
              <div class="small">
                {conditions(r).length ? conditions(r).join(' · ') : t('yonetim.rules.any')} → <strong>{unitName(units, r.unit)}</strong>
                {r.priority && ` · ${label('priority', r.priority)}`}
              </div>
              <div class="row yon-rule-actions">
                <button type="button" class="button yon-small" disabled={i === 0} aria-label={t('yonetim.rules.upNamed', { name: r.name })} onClick={() => move(i, -1)}>
                  ↑ {t('yonetim.rules.up')}
                </button>
                <button type="button" class="button yon-small" disabled={i === rules.length - 1} aria-label={t('yonetim.rules.downNamed', { name: r.name })} onClick={() => move(i, 1)}>
                  ↓ {t('yonetim.rules.down')}
                </button>
                <button type="button" class="button yon-small" aria-label={t('yonetim.editNamed', { name: r.name })} onClick={() => edit(r)}>
                  {t('yonetim.edit')}
                </button>
                <ConfirmButton label={t('yonetim.delete')} question={t('yonetim.rules.deleteQ', { name: r.name })} onConfirm={() => remove(r)} testid="rule-delete" />
              </div>
            </li>
          ))}
        </ol>
      )}
    </ListEditor>
  );
}

const IDS = { name: 'rule-name', position: 'rule-position', category: 'rule-category', district: 'rule-district', unit: 'rule-unit', conditions: 'rule-category' };

function RuleEditor({
  rule,
  nextPosition,
  tree,
  districts,
  units,
  onDone,
}: {
  rule: Rule | null;
  nextPosition: number;
  tree: Category[];
  districts: { code: string; name: string }[];
  units: NonNullable<ReturnType<typeof useUnits>['units']>;
  onDone: (message?: string) => void;
}) {
  const [name, setName] = useState(rule?.name ?? '');
  const [position, setPosition] = useState(String(rule?.position ?? nextPosition));
  const [category, setCategory] = useState(rule?.category ?? '');
  const [district, setDistrict] = useState(rule?.district ?? '');
  const [channel, setChannel] = useState(rule?.channel ?? '');
  const [type, setType] = useState(rule?.type ?? '');
  const [unit, setUnit] = useState(rule?.unit ?? '');
  const [priority, setPriority] = useState(rule?.priority ?? '');
  const [active, setActive] = useState(rule?.active ?? true);
  const [errors, setErrors] = useState<Errors>({});
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => document.getElementById('rule-name')?.focus(), []);

  async function save(e: Event) {
    e.preventDefault();
    setProblem(null);
    const errs: Errors = {};
    if (!name.trim()) errs.name = t('yonetim.err.required');
    else if (name.trim().length > 200) errs.name = t('yonetim.err.tooLong', { max: 200 });
    if (!/^-?\d+$/.test(position.trim()) || Math.abs(Number(position)) > 1_000_000) errs.position = t('yonetim.err.position');
    if (!unit) errs.unit = t('yonetim.err.ruleUnit');
    if (!category && !district && !channel && !type) errs.conditions = t('yonetim.err.ruleConditions');
    setErrors(errs);
    if (hasErrors(errs)) return focusFirst(errs, IDS);
    setBusy(true);
    const body = ruleBody({ position: Number(position), name: name.trim(), category, district, channel, type, unit, priority, active });
    try {
      if (rule) await updateRule(rule.id, body);
      else await createRule(body);
      onDone(t('yonetim.savedNamed', { name: name.trim() }));
    } catch (err) {
      const fe = serverErrors(err, { name: 'name', position: 'position', category: 'category', district: 'district', unit: 'unit', channel: 'conditions', type: 'conditions', priority: 'unit' });
      setErrors(fe);
      focusFirst(fe, IDS);
      setProblem(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card" aria-labelledby="rule-edit-h" data-testid="rule-editor">
      <h2 id="rule-edit-h">{rule ? t('yonetim.rules.edit', { name: rule.name }) : t('yonetim.rules.new')}</h2>
      <form onSubmit={save} noValidate>
        <ProblemAlert error={problem} />
        <TextInput id="rule-name" label={t('yonetim.rules.name')} value={name} onValue={setName} error={errors.name} required />
        <TextInput id="rule-position" label={t('yonetim.rules.position')} value={position} onValue={setPosition} inputMode="numeric" hint={t('yonetim.rules.positionHint')} error={errors.position} required />
        <fieldset class="yon-fieldset">
          <legend>{t('yonetim.rules.when')}</legend>
          {errors.conditions && (
            <p class="field-error" role="alert" id="rule-conditions-error">
              {errors.conditions}
            </p>
          )}
          <Select id="rule-category" label={t('yonetim.rules.category')} value={category} onValue={setCategory} placeholder={t('yonetim.rules.anyValue')} options={categoryOptions(tree)} error={errors.category} />
          <Select id="rule-district" label={t('yonetim.rules.district')} value={district} onValue={setDistrict} placeholder={t('yonetim.rules.anyValue')} options={districts.map((d) => ({ value: d.code, label: d.name }))} error={errors.district} />
          <Select id="rule-channel" label={t('yonetim.rules.channel')} value={channel} onValue={setChannel} placeholder={t('yonetim.rules.anyValue')} options={CHANNELS.map((c) => ({ value: c, label: label('channel', c) }))} />
          <Select id="rule-type" label={t('yonetim.rules.type')} value={type} onValue={setType} placeholder={t('yonetim.rules.anyValue')} options={TYPES.map((c) => ({ value: c, label: label('type', c) }))} />
        </fieldset>
        <Select
          id="rule-unit"
          label={t('yonetim.rules.unit')}
          value={unit}
          onValue={setUnit}
          placeholder={t('form.choose')}
          options={[{ value: '@district', label: t('yonetim.unit.district') }, ...units.filter((u) => u.active || u.code === unit).map((u) => ({ value: u.code, label: `${u.name} (${u.code})` }))]}
          error={errors.unit}
        />
        <Select id="rule-priority" label={t('yonetim.rules.priority')} value={priority} onValue={setPriority} placeholder={t('yonetim.rules.categoryPriority')} options={PRIORITIES.map((p) => ({ value: p, label: label('priority', p) }))} />
        <div class="field field--check">
          <input type="checkbox" id="rule-active" checked={active} onChange={(e) => setActive((e.currentTarget as HTMLInputElement).checked)} />
          <label for="rule-active">{t('yonetim.rules.active')}</label>
        </div>
        <div class="row">
          <button type="submit" class="button button--primary" disabled={busy} data-testid="rule-save">
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

function RuleTester({
  tree,
  districts,
  units,
  rules,
  onMatched,
}: {
  tree: Category[];
  districts: { code: string; name: string }[];
  units: NonNullable<ReturnType<typeof useUnits>['units']>;
  rules: Rule[];
  onMatched: (id: number | null) => void;
}) {
  const [category, setCategory] = useState('');
  const [district, setDistrict] = useState('');
  const [channel, setChannel] = useState('phone');
  const [type, setType] = useState('request');
  const [error, setError] = useState('');
  const [problem, setProblem] = useState<unknown>(null);
  const [result, setResult] = useState<TestResult | null>(null);

  async function test(e: Event) {
    e.preventDefault();
    setProblem(null);
    setResult(null);
    onMatched(null);
    if (!category) {
      setError(t('yonetim.err.testCategory'));
      document.getElementById('test-category')?.focus();
      return;
    }
    setError('');
    try {
      const r = await testRules({ category, district, channel, type });
      setResult(r);
      onMatched(r.rule_id);
    } catch (err) {
      const fe = serverErrors(err, { category: 'category' });
      if (fe.category) setError(fe.category);
      setProblem(err);
    }
  }

  const rule = result?.rule_id ? rules.find((r) => r.id === result.rule_id) : null;
  const subOptions = tree.flatMap((top) => (top.children ?? []).map((s) => ({ value: s.code, label: `${categoryName(top)} › ${categoryName(s)} (${s.code})` })));
  return (
    <section class="card" aria-labelledby="tester-h">
      <h2 id="tester-h">{t('yonetim.test.title')}</h2>
      <p class="muted small">{t('yonetim.test.intro')}</p>
      <form onSubmit={test} noValidate data-testid="rule-tester">
        <ProblemAlert error={problem} />
        <div class="yon-grid4">
          <Select id="test-category" label={t('yonetim.rules.category')} value={category} onValue={setCategory} placeholder={t('form.choose')} options={subOptions} error={error} />
          <Select id="test-district" label={t('yonetim.rules.district')} value={district} onValue={setDistrict} placeholder={t('yonetim.test.noDistrict')} options={districts.map((d) => ({ value: d.code, label: d.name }))} />
          <Select id="test-channel" label={t('yonetim.rules.channel')} value={channel} onValue={setChannel} options={CHANNELS.map((c) => ({ value: c, label: label('channel', c) }))} />
          <Select id="test-type" label={t('yonetim.rules.type')} value={type} onValue={setType} options={TYPES.map((c) => ({ value: c, label: label('type', c) }))} />
        </div>
        <button type="submit" class="button button--primary" data-testid="rule-test">
          {t('yonetim.test.run')}
        </button>
      </form>
      <div aria-live="polite">
        {result && (
          <div class="alert alert--info yon-test-result" data-testid="rule-test-result" data-unit={result.unit} data-rule-id={result.rule_id ?? ''}>
            <p>
              {t('yonetim.test.unit')}: <strong data-testid="rule-test-unit">{unitName(units, result.unit)}</strong> ({result.unit})
            </p>
            <p>
              {t('yonetim.test.decidedBy')}:{' '}
              <strong data-testid="rule-test-rule">{rule ? t('yonetim.test.rule', { position: rule.position, name: rule.name }) : t('yonetim.test.default')}</strong>
            </p>
            <p>
              {t('yonetim.test.priority')}: {label('priority', result.priority)}
            </p>
            {result.reason && <p class="small muted">{result.reason}</p>}
          </div>
        )}
      </div>
    </section>
  );
}
