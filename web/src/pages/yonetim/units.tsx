// Units: the list, creating one (code, name, kind, district), renaming, working hours and deactivating.
import { useEffect, useState } from 'preact/hooks';
import { invalidateCatalog, loadDistricts, useLoad } from '../../api/catalog';
import { createUnit, updateUnit } from '../../api/units';
import { type MessageKey, t } from '../../i18n';
import { Loading, Notice } from '../../ui/feedback';
import { type Column, ItemTable, ListEditor, useListEditor } from '../../ui/list-editor';
import { ProblemAlert, Select, TextInput } from '../../ui/form';
import {
  ActiveBadge,
  type Errors,
  type UnitRow,
  UNIT_KINDS,
  focusFirst,
  hasErrors,
  label,
  minutesToTime,
  serverErrors,
  timeToMinutes,
  useUnits,
  weekdaysText,
} from './shared';

export function UnitsTab() {
  const { units, reload, error } = useUnits();
  const districts = useLoad(loadDistricts);
  const { editing, saved, edit, done, announce } = useListEditor<UnitRow>(() => {});
  if (error) return <ProblemAlert error={error} />;
  if (!units || !districts) return <Loading />;
  const districtName = (code: string | null) => districts.find((d) => d.code === code)?.name ?? code ?? '';
  const changed = () => {
    invalidateCatalog();
    reload();
  };
  const columns: Column<UnitRow>[] = [
    { header: t('yonetim.units.code'), cell: (u) => <code>{u.code}</code> },
    { header: t('yonetim.units.name'), cell: (u) => u.name },
    {
      header: t('yonetim.units.kind'),
      cell: (u) => (
        <>
          {label('kind', u.kind)}
          {u.district && <span class="muted small"> · {districtName(u.district)}</span>}
        </>
      ),
    },
    {
      header: t('yonetim.units.hours'),
      class: 'small',
      cell: (u) =>
        u.working_hours &&
        `${minutesToTime(u.working_hours.start_minute)}–${minutesToTime(u.working_hours.end_minute)} · ${weekdaysText(u.working_hours.weekdays)}`,
    },
    { header: t('yonetim.units.state'), cell: (u) => <ActiveBadge active={u.active} /> },
    {
      header: t('yonetim.actions'),
      hidden: true,
      cell: (u) => (
        <button type="button" class="button yon-small" aria-label={t('yonetim.editNamed', { name: u.name })} onClick={() => edit(u)}>
          {t('yonetim.edit')}
        </button>
      ),
    },
  ];
  return (
    <ListEditor
      title={t('yonetim.units.title')}
      titleId="units-h"
      saved={saved}
      side={
        <>
          {editing && (
            <UnitEditor
              key={editing.code}
              unit={editing}
              onDone={(message) => {
                done(message);
                changed();
              }}
            />
          )}
          <UnitCreator
            districts={districts}
            onCreated={(code) => {
              announce(t('yonetim.units.created', { code }));
              changed();
            }}
          />
        </>
      }
    >
      <ItemTable
        rows={units}
        columns={columns}
        testid="unit-table"
        rowKey={(u) => u.code}
        rowProps={(u) => ({ 'data-testid': 'unit-row', 'data-code': u.code })}
        inactive={(u) => !u.active}
      />
    </ListEditor>
  );
}

const EDIT_IDS = { name: 'unit-name', start: 'unit-start', end: 'unit-end', days: 'unit-day-0' };

function UnitEditor({ unit, onDone }: { unit: UnitRow; onDone: (message?: string) => void }) {
  const wh = unit.working_hours ?? { start_minute: 510, end_minute: 1050, weekdays: 31 };
  const [name, setName] = useState(unit.name);
  const [start, setStart] = useState(minutesToTime(wh.start_minute));
  const [end, setEnd] = useState(minutesToTime(wh.end_minute));
  const [days, setDays] = useState(wh.weekdays);
  const [active, setActive] = useState(unit.active);
  const [errors, setErrors] = useState<Errors>({});
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => document.getElementById('unit-name')?.focus(), []);

  async function save(e: Event) {
    e.preventDefault();
    setProblem(null);
    const errs: Errors = {};
    if (!name.trim()) errs.name = t('yonetim.err.required');
    else if (name.trim().length > 200) errs.name = t('yonetim.err.tooLong', { max: 200 });
    const s = timeToMinutes(start);
    const en = timeToMinutes(end);
    if (s === null) errs.start = t('yonetim.err.time');
    if (en === null) errs.end = t('yonetim.err.time');
    else if (s !== null && en <= s) errs.end = t('yonetim.err.endBeforeStart');
    if (days === 0) errs.days = t('yonetim.err.noDays');
    setErrors(errs);
    if (hasErrors(errs)) return focusFirst(errs, EDIT_IDS);
    setBusy(true);
    try {
      await updateUnit(unit.code, {
        name: name.trim(),
        work_start_minute: s,
        work_end_minute: en,
        work_weekdays: days,
        active,
      });
      onDone(t('yonetim.savedNamed', { name: name.trim() }));
    } catch (err) {
      const fe = serverErrors(err, { name: 'name', working_hours: 'end', work_weekdays: 'days', work_start_minute: 'start', work_end_minute: 'end' });
      setErrors(fe);
      focusFirst(fe, EDIT_IDS);
      setProblem(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card" aria-labelledby="unit-edit-h" data-testid="unit-editor">
      <h2 id="unit-edit-h">{t('yonetim.units.edit', { code: unit.code })}</h2>
      <form onSubmit={save} noValidate>
        <ProblemAlert error={problem} />
        <TextInput id="unit-name" label={t('yonetim.units.name')} value={name} onValue={setName} error={errors.name} required />
        <div class="yon-pair">
          <TextInput id="unit-start" label={t('yonetim.units.start')} type="time" value={start} onValue={setStart} error={errors.start} required />
          <TextInput id="unit-end" label={t('yonetim.units.end')} type="time" value={end} onValue={setEnd} error={errors.end} required />
        </div>
        <fieldset class={`yon-days${errors.days ? ' field--error' : ''}`} aria-describedby={errors.days ? 'unit-days-error' : undefined}>
          <legend>{t('yonetim.units.days')}</legend>
          {[0, 1, 2, 3, 4, 5, 6].map((d) => (
            <label key={d} class="yon-day">
              <input
                type="checkbox"
                id={`unit-day-${d}`}
                checked={(days & (1 << d)) !== 0}
                onChange={(e) => setDays((e.currentTarget as HTMLInputElement).checked ? days | (1 << d) : days & ~(1 << d))}
              />
              {t(`yonetim.day.${d}` as MessageKey)}
            </label>
          ))}
          {errors.days && (
            <p class="field-error" id="unit-days-error" role="alert">
              {errors.days}
            </p>
          )}
        </fieldset>
        <div class="field field--check">
          <input type="checkbox" id="unit-active" checked={active} onChange={(e) => setActive((e.currentTarget as HTMLInputElement).checked)} />
          <label for="unit-active">{t('yonetim.units.activeLabel')}</label>
        </div>
        {!active && unit.active && <Notice kind="warning">{t('yonetim.units.deactivateWarn')}</Notice>}
        <div class="row">
          <button type="submit" class="button button--primary" disabled={busy} data-testid="unit-save">
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

const NEW_IDS = { code: 'unit-code', name: 'unit-new-name', kind: 'unit-kind', district: 'unit-district' };

function UnitCreator({ districts, onCreated }: { districts: { code: string; name: string }[]; onCreated: (code: string) => void }) {
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [kind, setKind] = useState('internal');
  const [district, setDistrict] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function create(e: Event) {
    e.preventDefault();
    setProblem(null);
    const errs: Errors = {};
    const c = code.trim().toUpperCase();
    if (!c) errs.code = t('yonetim.err.required');
    else if (!/^[A-Z0-9_]{2,32}$/.test(c)) errs.code = t('yonetim.err.unitCode');
    if (!name.trim()) errs.name = t('yonetim.err.required');
    else if (name.trim().length > 200) errs.name = t('yonetim.err.tooLong', { max: 200 });
    if (kind === 'district' && !district) errs.district = t('yonetim.err.district');
    setErrors(errs);
    if (hasErrors(errs)) return focusFirst(errs, NEW_IDS);
    setBusy(true);
    try {
      await createUnit({ code: c, name: name.trim(), kind, district: kind === 'district' ? district : '' });
      setCode('');
      setName('');
      setDistrict('');
      onCreated(c);
    } catch (err) {
      const fe = serverErrors(err, { code: 'code', name: 'name', kind: 'kind', district: 'district' });
      setErrors(fe);
      focusFirst(fe, NEW_IDS);
      setProblem(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card" aria-labelledby="unit-new-h">
      <h2 id="unit-new-h">{t('yonetim.units.new')}</h2>
      <form onSubmit={create} noValidate data-testid="unit-create">
        <ProblemAlert error={problem} />
        <TextInput id="unit-code" label={t('yonetim.units.code')} value={code} onValue={setCode} hint={t('yonetim.units.codeHint')} error={errors.code} required />
        <TextInput id="unit-new-name" label={t('yonetim.units.name')} value={name} onValue={setName} error={errors.name} required />
        <Select id="unit-kind" label={t('yonetim.units.kind')} value={kind} onValue={setKind} options={UNIT_KINDS.map((k) => ({ value: k, label: label('kind', k) }))} error={errors.kind} />
        {kind === 'district' && (
          <Select
            id="unit-district"
            label={t('yonetim.units.district')}
            value={district}
            onValue={setDistrict}
            placeholder={t('form.choose')}
            options={districts.map((d) => ({ value: d.code, label: d.name }))}
            error={errors.district}
          />
        )}
        <button type="submit" class="button button--primary" disabled={busy} data-testid="unit-create-submit">
          {t('yonetim.create')}
        </button>
      </form>
    </section>
  );
}
