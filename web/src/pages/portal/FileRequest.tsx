// `/`: a citizen files a request — subject, description, location (district → neighbourhood, street, or a pin),
// photos, contact details and the KVKK consent — and gets the tracking number to follow it with.
import type { ComponentType } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { loadCategories, loadDistricts, loadNeighbourhoods, categoryName, useLoad } from '../../api/catalog';
import { ApiError, fileToBase64 } from '../../api/client';
import { type Receipt, fileRequest } from '../../api/public';
import { classify } from '../../api/requests';
import type { Suggestion } from '../../api/types';
import { type MessageKey, t } from '../../i18n';
import { formatDateTime } from '../../format';
import { onLinkClick } from '../../router';
import { EmergencyBanner, Loading, Notice } from '../../ui/feedback';
import { Field, ProblemAlert, Select, TextArea, TextInput, describedBy } from '../../ui/form';
import { Shell } from '../../ui/layout';
import { StatusBadge } from '../../ui/status';
import { CategoryPicker, findSub } from './CategoryPicker';
import { Kvkk } from './Kvkk';
import { PHOTO_MAX_MB, isPhoto } from '../../photos';
import { MAX_DESCRIPTION, MAX_PHOTOS, emailOk, phoneProblem } from './validate';

const TYPES = ['request', 'complaint', 'suggestion', 'report', 'information', 'thanks'] as const;

type FieldKey =
  | 'category'
  | 'description'
  | 'district'
  | 'photos'
  | 'phone'
  | 'firstName'
  | 'lastName'
  | 'email'
  | 'kvkk';

/** The input element of each field, in the order of the form (focus goes to the first one in error). */
const FIELD_IDS: Record<FieldKey, string> = {
  description: 'portal-description',
  category: 'portal-category-search',
  district: 'portal-district',
  photos: 'portal-photos',
  phone: 'portal-phone',
  firstName: 'portal-first-name',
  lastName: 'portal-last-name',
  email: 'portal-email',
  kvkk: 'portal-kvkk',
};

/** Which of our fields a server problem's `field` names. */
function fieldOf(serverField: string | undefined): FieldKey | null {
  if (!serverField) return null;
  const f = serverField.replace(/^citizen\./, '').replace(/^location\./, '');
  const map: Record<string, FieldKey> = {
    category: 'category',
    description: 'description',
    district: 'district',
    neighbourhood_id: 'district',
    lat: 'district',
    lon: 'district',
    photos: 'photos',
    phone: 'phone',
    first_name: 'firstName',
    last_name: 'lastName',
    email: 'email',
    kvkk_consent: 'kvkk',
  };
  return map[f] ?? null;
}

type MapComponent = ComponentType<{
  pin?: { lat: number; lon: number } | null;
  onPick?: (lat: number, lon: number) => void;
  height?: string;
  label?: string;
  showDistricts?: boolean;
}>;

export function FileRequest() {
  const tree = useLoad(loadCategories);
  const districts = useLoad(loadDistricts);
  const [type, setType] = useState<string>('request');
  const [category, setCategory] = useState('');
  const [description, setDescription] = useState('');
  const [district, setDistrict] = useState('');
  const [neighbourhood, setNeighbourhood] = useState('');
  const [street, setStreet] = useState('');
  const [address, setAddress] = useState('');
  const [pin, setPin] = useState<{ lat: number; lon: number } | null>(null);
  const [photos, setPhotos] = useState<File[]>([]);
  const [phone, setPhone] = useState('');
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [email, setEmail] = useState('');
  const [kvkk, setKvkk] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<FieldKey, string>>>({});
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  /** The classifier answered once: its row keeps its place from then on, so later answers move nothing. */
  const [classifierOn, setClassifierOn] = useState(false);
  const classifyAvailable = useRef(true);
  const shownSuggestion = useRef<string | null>(null);
  const neighbourhoods = useLoad(() => (district ? loadNeighbourhoods(district) : Promise.resolve([])), [district]);

  // The classifier's top suggestions for the description, when the server has one (404 or 401: none, quietly).
  useEffect(() => {
    const text = description.trim();
    if (!classifyAvailable.current || text.length < 12) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      classify(text, controller.signal)
        .then((r) => {
          const list = (r.suggestions ?? []).slice(0, 3);
          setClassifierOn(true);
          setSuggestions(list);
          if (list.length > 0 && !shownSuggestion.current) shownSuggestion.current = list[0].category;
        })
        .catch((e) => {
          if (e instanceof ApiError && [401, 403, 404, 405].includes(e.status)) classifyAvailable.current = false;
        });
    }, 500);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [description]);

  if (receipt) return <Created receipt={receipt} onAnother={() => reset()} />;

  function reset() {
    setReceipt(null);
    setCategory('');
    setDescription('');
    setStreet('');
    setAddress('');
    setPin(null);
    setPhotos([]);
    setKvkk(false);
    setSuggestions([]);
    shownSuggestion.current = null;
    window.scrollTo(0, 0);
  }

  function photoProblem(list: File[]): string | undefined {
    if (list.length > MAX_PHOTOS) return t('portal.err.photosMany', { max: MAX_PHOTOS, n: list.length });
    for (const f of list) {
      if (!isPhoto(f)) return t('portal.err.photosType', { name: f.name });
      if (f.size > PHOTO_MAX_MB * 1024 * 1024)
        return t('portal.err.photosBig', { name: f.name, size: (f.size / 1048576).toFixed(1), mb: PHOTO_MAX_MB });
    }
    return undefined;
  }

  function validate(): Partial<Record<FieldKey, string>> {
    const e: Partial<Record<FieldKey, string>> = {};
    const sub = tree ? findSub(tree, category) : null;
    if (!category || !sub) e.category = t('portal.err.category');
    const d = description.trim();
    if (!d) e.description = t('portal.err.descriptionEmpty');
    else if ([...description].length > MAX_DESCRIPTION)
      e.description = t('portal.err.descriptionLong', { max: MAX_DESCRIPTION, n: [...description].length });
    if (sub && (sub.sub.unit ?? sub.top.unit) === '@district' && !district && !pin) e.district = t('portal.err.district');
    const p = photoProblem(photos);
    if (p) e.photos = p;
    const ph = phoneProblem(phone);
    if (ph) e.phone = t(ph);
    if (firstName.trim().length > 100) e.firstName = t('portal.err.nameLong');
    if (lastName.trim().length > 100) e.lastName = t('portal.err.nameLong');
    if (email.trim() && !emailOk(email)) e.email = t('portal.err.email');
    if (!kvkk) e.kvkk = t('portal.err.kvkk');
    return e;
  }

  function focusFirst(e: Partial<Record<FieldKey, string>>) {
    const first = (Object.keys(FIELD_IDS) as FieldKey[]).find((k) => e[k]);
    if (first) requestAnimationFrame(() => document.getElementById(FIELD_IDS[first])?.focus());
  }

  async function submit(ev: Event) {
    ev.preventDefault();
    setProblem(null);
    const e = validate();
    setErrors(e);
    if (Object.keys(e).length > 0) {
      focusFirst(e);
      return;
    }
    setBusy(true);
    try {
      const data: { data: string }[] = [];
      for (const f of photos) {
        try {
          data.push({ data: await fileToBase64(f) });
        } catch {
          const err = { photos: t('portal.err.photosRead', { name: f.name }) };
          setErrors(err);
          focusFirst(err);
          return;
        }
      }
      const location: Record<string, unknown> = {};
      if (district) location.district = district;
      if (neighbourhood) location.neighbourhood_id = Number(neighbourhood);
      if (street.trim()) location.street = street.trim();
      if (address.trim()) location.address_text = address.trim();
      if (pin) {
        location.lat = pin.lat;
        location.lon = pin.lon;
      }
      const body: Record<string, unknown> = {
        type,
        category,
        description: description.trim(),
        location,
        citizen: {
          phone: phone.trim(),
          first_name: firstName.trim(),
          last_name: lastName.trim(),
          email: email.trim(),
          kvkk_consent: kvkk,
        },
        photos: data,
      };
      if (shownSuggestion.current) body.suggested_category = shownSuggestion.current;
      setReceipt(await fileRequest(body));
      window.scrollTo(0, 0);
    } catch (err) {
      const key = err instanceof ApiError ? fieldOf(err.field) : null;
      if (err instanceof ApiError && key) {
        const fe = { [key]: err.detail || err.title };
        setErrors(fe);
        focusFirst(fe);
      } else if (err instanceof ApiError && err.status === 413) {
        setErrors({ photos: err.detail || err.title });
        focusFirst({ photos: 'x' });
      }
      setProblem(err);
    } finally {
      setBusy(false);
    }
  }

  const errorCount = Object.keys(errors).length;
  return (
    <Shell>
      <div class="portal">
        <EmergencyBanner />
        <h1>{t('portal.title')}</h1>
        <p>{t('portal.intro')}</p>
        <p>
          <a href="/takip" onClick={onLinkClick}>
            {t('portal.trackLink')}
          </a>
        </p>
        {!tree || !districts ? (
          <Loading />
        ) : (
          <form onSubmit={submit} noValidate data-testid="portal-form" aria-describedby={errorCount ? 'portal-summary' : undefined}>
            {errorCount > 0 && !problem && (
              <div id="portal-summary" class="alert alert--error" role="alert" data-testid="portal-errors">
                {t('portal.err.summary')}
              </div>
            )}
            {problem instanceof ApiError && problem.status === 429 ? (
              <div class="alert alert--error" role="alert" data-problem="rate-limited">
                <strong>{t('portal.err.rateLimited')}</strong>
                {problem.detail && <p>{problem.detail}</p>}
              </div>
            ) : (
              <ProblemAlert error={problem} />
            )}

            <section class="card" aria-labelledby="portal-what">
              <h2 id="portal-what">{t('portal.section.what')}</h2>
              <Select
                id="portal-type"
                label={t('portal.type')}
                value={type}
                onValue={setType}
                options={TYPES.map((c) => ({ value: c, label: t(`portal.type.${c}` as MessageKey) }))}
              />
              <TextArea
                id="portal-description"
                label={t('portal.description')}
                value={description}
                onValue={setDescription}
                hint={`${t('portal.description.hint')} ${t('portal.description.count', { n: [...description].length, max: MAX_DESCRIPTION })}`}
                error={errors.description}
                rows={5}
                required
              />
              {classifierOn && (
                <div class="portal-suggestions" data-testid="category-suggestions" aria-live="polite">
                  {suggestions.length > 0 && <p class="small">{t('portal.suggest.title')}</p>}
                  <div class="row">
                    {suggestions.map((s) => {
                      const found = tree ? findSub(tree, s.category) : null;
                      const name = found ? categoryName(found.sub) : s.name;
                      return (
                        <button
                          key={s.category}
                          type="button"
                          class="button"
                          data-testid="category-suggestion"
                          data-code={s.category}
                          aria-pressed={category === s.category}
                          aria-label={t('portal.suggest.use', { name })}
                          onClick={() => setCategory(s.category)}
                        >
                          {name}
                        </button>
                      );
                    })}
                  </div>
                </div>
              )}
              <CategoryPicker tree={tree} value={category} onChange={setCategory} error={errors.category} />
            </section>

            <section class="card" aria-labelledby="portal-where">
              <h2 id="portal-where">{t('portal.section.where')}</h2>
              <div class="grid-2 portal-grid">
                <Select
                  id="portal-district"
                  label={t('portal.district')}
                  value={district}
                  onValue={(v) => {
                    setDistrict(v);
                    setNeighbourhood('');
                  }}
                  placeholder={t('form.choose')}
                  options={districts.map((d) => ({ value: d.code, label: d.name }))}
                  error={errors.district}
                  optional
                />
                <Select
                  id="portal-neighbourhood"
                  label={t('portal.neighbourhood')}
                  value={neighbourhood}
                  onValue={setNeighbourhood}
                  placeholder={district ? t('form.choose') : t('portal.neighbourhood.first')}
                  options={(district ? neighbourhoods ?? [] : [])
                    .filter((n) => n.active)
                    .map((n) => ({ value: String(n.id), label: n.name }))}
                  disabled={!district}
                  optional
                />
              </div>
              <TextInput id="portal-street" label={t('portal.street')} value={street} onValue={setStreet} maxLength={200} optional />
              <TextInput
                id="portal-address"
                label={t('portal.address')}
                value={address}
                onValue={setAddress}
                hint={t('portal.address.hint')}
                maxLength={500}
                optional
              />
              <PinPicker pin={pin} onPin={setPin} />
            </section>

            <section class="card" aria-labelledby="portal-photos-h">
              <h2 id="portal-photos-h">{t('portal.section.photos')}</h2>
              <PhotoInput
                files={photos}
                error={errors.photos}
                onFiles={(list) => {
                  setPhotos(list);
                  setErrors((prev) => ({ ...prev, photos: photoProblem(list) }));
                }}
              />
            </section>

            <section class="card" aria-labelledby="portal-contact">
              <h2 id="portal-contact">{t('portal.section.contact')}</h2>
              <TextInput
                id="portal-phone"
                label={t('portal.phone')}
                value={phone}
                onValue={setPhone}
                type="tel"
                inputMode="tel"
                autoComplete="tel"
                hint={t('portal.phone.hint')}
                error={errors.phone}
                required
              />
              <div class="grid-2 portal-grid">
                <TextInput
                  id="portal-first-name"
                  label={t('portal.firstName')}
                  value={firstName}
                  onValue={setFirstName}
                  autoComplete="given-name"
                  error={errors.firstName}
                  optional
                />
                <TextInput
                  id="portal-last-name"
                  label={t('portal.lastName')}
                  value={lastName}
                  onValue={setLastName}
                  autoComplete="family-name"
                  error={errors.lastName}
                  optional
                />
              </div>
              <TextInput
                id="portal-email"
                label={t('portal.email')}
                value={email}
                onValue={setEmail}
                type="email"
                inputMode="email"
                autoComplete="email"
                error={errors.email}
                optional
              />
            </section>

            <section class="card" aria-labelledby="portal-kvkk-h">
              <h2 id="portal-kvkk-h">{t('portal.section.kvkk')}</h2>
              <Kvkk />
              <Consent checked={kvkk} onValue={setKvkk} error={errors.kvkk} />
            </section>

            <button type="submit" class="button button--primary portal-submit" data-testid="portal-submit" disabled={busy}>
              {busy ? t('portal.submitting') : t('portal.submit')}
            </button>
          </form>
        )}
      </div>
    </Shell>
  );
}

/** The map, loaded only when the citizen opens it (Leaflet is the heaviest part of the page). */
function PinPicker({ pin, onPin }: { pin: { lat: number; lon: number } | null; onPin: (p: { lat: number; lon: number } | null) => void }) {
  const [open, setOpen] = useState(false);
  const [Map, setMap] = useState<MapComponent | null>(null);
  const [geoFailed, setGeoFailed] = useState(false);
  useEffect(() => {
    if (open && !Map) import('../../ui/map').then((m) => setMap(() => m.MapView as MapComponent));
  }, [open]);
  return (
    <div class="portal-pin">
      <div class="row">
        <button type="button" class="button" aria-expanded={open} aria-controls="portal-map" onClick={() => setOpen(!open)} data-testid="portal-map-toggle">
          {open ? t('portal.map.close') : t('portal.map.open')}
        </button>
        {'geolocation' in navigator && (
          <button
            type="button"
            class="button"
            onClick={() => {
              setGeoFailed(false);
              navigator.geolocation.getCurrentPosition(
                (p) => {
                  onPin({ lat: Math.round(p.coords.latitude * 1e5) / 1e5, lon: Math.round(p.coords.longitude * 1e5) / 1e5 });
                  setOpen(true);
                },
                () => setGeoFailed(true),
                { timeout: 10_000 },
              );
            }}
          >
            {t('portal.map.here')}
          </button>
        )}
      </div>
      {geoFailed && <p class="field-hint">{t('portal.map.hereFailed')}</p>}
      {pin && (
        <p class="portal-pinned" data-testid="portal-pin" aria-live="polite">
          {t('portal.map.pinned', { lat: pin.lat.toFixed(5), lon: pin.lon.toFixed(5) })}{' '}
          <button type="button" class="link-button" onClick={() => onPin(null)}>
            {t('portal.map.clear')}
          </button>
        </p>
      )}
      <div id="portal-map" class="portal-map" hidden={!open}>
        {open && (Map ? <Map pin={pin} onPick={(lat, lon) => onPin({ lat, lon })} height="300px" label={t('portal.map.label')} /> : <Loading label={t('portal.map.loading')} />)}
      </div>
    </div>
  );
}

/** Choose photos (the camera on a phone); each is checked for type and size before anything is sent. */
function PhotoInput({ files, onFiles, error }: { files: File[]; onFiles: (f: File[]) => void; error?: string }) {
  const id = 'portal-photos';
  const [urls, setUrls] = useState<string[]>([]);
  useEffect(() => {
    const list = files.map((f) => (isPhoto(f) && f.type !== 'image/heic' && f.type !== 'image/heif' ? URL.createObjectURL(f) : ''));
    setUrls(list);
    return () => list.forEach((u) => u && URL.revokeObjectURL(u));
  }, [files]);
  const hint = t('portal.photos.hint', { max: MAX_PHOTOS, mb: PHOTO_MAX_MB });
  return (
    <Field id={id} label={t('portal.photos')} error={error} hint={hint} optional>
      <input
        id={id}
        type="file"
        accept="image/*"
        multiple
        onChange={(e) => {
          const input = e.currentTarget as HTMLInputElement;
          const added = Array.from(input.files ?? []);
          input.value = '';
          if (added.length) onFiles([...files, ...added]);
        }}
        {...describedBy(id, error, hint)}
      />
      {files.length > 0 && (
        <ul class="portal-photos" aria-label={t('portal.photos.list')} data-testid="portal-photo-list">
          {files.map((f, i) => (
            <li key={`${f.name}-${i}`}>
              {urls[i] ? <img src={urls[i]} alt="" /> : <span class="portal-photo-ph" aria-hidden="true" />}
              <span class="portal-photo-name">{f.name}</span>
              <button
                type="button"
                class="link-button"
                aria-label={t('portal.photos.remove', { name: f.name })}
                onClick={() => onFiles(files.filter((_, j) => j !== i))}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
    </Field>
  );
}

function Created({ receipt, onAnother }: { receipt: Receipt; onAnother: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => heading.current?.focus(), []);
  const trackHref = `/takip?number=${encodeURIComponent(receipt.tracking_number)}`;
  return (
    <Shell>
      <div class="portal">
        <section class="card portal-created" data-testid="portal-created">
          <h1 ref={heading} tabIndex={-1}>
            {t('portal.created.title')}
          </h1>
          <p class="portal-number-label">{t('portal.created.number')}</p>
          <p class="portal-number" data-testid="tracking-number">
            {receipt.tracking_number}
          </p>
          {'clipboard' in navigator && (
            <button
              type="button"
              class="button"
              onClick={() => navigator.clipboard.writeText(receipt.tracking_number).then(() => setCopied(true), () => undefined)}
            >
              {copied ? t('portal.created.copied') : t('portal.created.copy')}
            </button>
          )}
          <Notice kind="info">{t('portal.created.keep')}</Notice>
          <dl class="portal-facts">
            <dt>{t('portal.created.category')}</dt>
            <dd>{receipt.category_name}</dd>
            <dt>{t('portal.created.unit')}</dt>
            <dd>{receipt.unit_name}</dd>
            <dt>{t('portal.created.status')}</dt>
            <dd>
              <StatusBadge status={receipt.status} label={statusLabel(receipt.status, receipt.status_label)} />
            </dd>
            {receipt.due_at && (
              <>
                <dt>{t('portal.created.due')}</dt>
                <dd>{formatDateTime(receipt.due_at)}</dd>
              </>
            )}
          </dl>
          <div class="row">
            <a class="button button--primary" href={trackHref} onClick={onLinkClick} data-testid="portal-track-link">
              {t('portal.created.track')}
            </a>
            <button type="button" class="button" onClick={onAnother}>
              {t('portal.created.another')}
            </button>
          </div>
        </section>
      </div>
    </Shell>
  );
}

/** The status in the interface language (the server's label is Turkish). */
export function statusLabel(code: string, serverLabel: string): string {
  const key = `portal.status.${code}` as MessageKey;
  const text = t(key);
  return text === key ? serverLabel : text;
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
