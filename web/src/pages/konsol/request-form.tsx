// The one form that records a phone request: type, category (searchable, with the classifier's suggestions),
// description, location (district → neighbourhood → street, or a pin on the map), photos, the caller and the
// KVKK consent note. Validated here first, then createRequest; the server's problems are shown too.
import type { ComponentType } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { categoryName, loadCategories, loadDistricts, loadMeta, loadNeighbourhoods, useLoad } from '../../api/catalog';
import { ApiError, fileToBase64 } from '../../api/client';
import { classify, createRequest } from '../../api/requests';
import type { CallerLookup, Citizen, Neighbourhood, ServiceRequest, Suggestion } from '../../api/types';
import { t } from '../../i18n';
import { Loading } from '../../ui/feedback';
import { Checkbox, Field, ProblemAlert, Select, TextArea, TextInput, describedBy, serverFieldError } from '../../ui/form';
import { CategoryPicker, findSub } from './category-picker';
import { codeLabel } from './labels';
import { completePhone, displayPhone } from '../../phone';
import { PHOTO_MAX_BYTES, PHOTO_MAX_MB, isPhoto } from '../../photos';

const DESCRIPTION_MAX = 4000;
const STREET_MAX = 200;
const ADDRESS_MAX = 500;
const NAME_MAX = 100;
const PHOTO_MAX = 5;

/** Whether the classifier endpoint exists on this server (it answers 404 before the auto-routing issue lands). */
let classifierMissing = false;

type MapProps = { pin?: { lat: number; lon: number } | null; onPick?: (lat: number, lon: number) => void; height?: string; label?: string; showDistricts?: boolean };

interface FormProps {
  lookup: CallerLookup | null;
  revealed: Record<number, Citizen>;
  /** The running call's phone (+90…), if any. */
  callerPhone: string | null;
  /** The running call's contact id (waits for it to be created); null without a call. */
  contactId: () => Promise<number | null>;
  onCreated: (r: ServiceRequest) => void;
  /** Called with the form's submit function, so that Ctrl+Enter works anywhere on the page. */
  registerSubmit: (submit: () => void) => void;
}

type Errors = Partial<Record<'category' | 'description' | 'street' | 'address' | 'phone' | 'firstName' | 'lastName' | 'kvkk' | 'photo' | 'district' | 'neighbourhood' | 'location', string>>;

function newKey(): string {
  const c = globalThis.crypto as Crypto | undefined;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
}

export function RequestForm({ lookup, revealed, callerPhone, contactId, onCreated, registerSubmit }: FormProps) {
  const meta = useLoad(loadMeta);
  const tree = useLoad(loadCategories);
  const districts = useLoad(loadDistricts);
  const citizens = lookup?.citizens ?? [];

  const [type, setType] = useState('request');
  const [category, setCategory] = useState('');
  const [description, setDescription] = useState('');
  const [district, setDistrict] = useState('');
  const [neighbourhood, setNeighbourhood] = useState('');
  const [neighbourhoods, setNeighbourhoods] = useState<Neighbourhood[] | null>(null);
  const [street, setStreet] = useState('');
  const [address, setAddress] = useState('');
  const [pin, setPin] = useState<{ lat: number; lon: number } | null>(null);
  const [MapView, setMapView] = useState<ComponentType<MapProps> | null>(null);
  const [showMap, setShowMap] = useState(false);
  const [photos, setPhotos] = useState<File[]>([]);
  const [who, setWho] = useState<string>(citizens.length ? String(citizens[0].id) : 'new');
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [phone, setPhone] = useState(callerPhone ? displayPhone(callerPhone) : '');
  const [kvkk, setKvkk] = useState(false);
  const [tried, setTried] = useState(false);
  const [photoError, setPhotoError] = useState('');
  const [serverError, setServerError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const idempotencyKey = useRef(newKey());
  const formRef = useRef<HTMLFormElement>(null);

  // The caller's number and known citizens arrive after the form is drawn.
  useEffect(() => {
    if (callerPhone) setPhone(displayPhone(callerPhone));
  }, [callerPhone]);
  useEffect(() => {
    setWho(citizens.length ? String(citizens[0].id) : 'new');
  }, [lookup?.phone, citizens.length]);

  useEffect(() => {
    setNeighbourhood('');
    setNeighbourhoods(null);
    if (!district) return;
    let live = true;
    loadNeighbourhoods(district)
      .then((list) => live && setNeighbourhoods(list.filter((n) => n.active)))
      .catch((e) => console.error(e));
    return () => {
      live = false;
    };
  }, [district]);

  // The classifier's top 3 for the description, when the server has one.
  useEffect(() => {
    const text = description.trim();
    if (classifierMissing || text.length < 8) {
      setSuggestions([]);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      classify(text, controller.signal)
        .then((res) => {
          if (controller.signal.aborted || !tree) return;
          const known = (res.suggestions ?? []).filter((s) => findSub(tree, s.category));
          setSuggestions(res.source === 'none' ? [] : known.slice(0, 3));
        })
        .catch((e) => {
          if (e instanceof ApiError && (e.status === 404 || e.status === 405 || e.status === 501)) classifierMissing = true;
          if ((e as Error).name !== 'AbortError') setSuggestions([]);
        });
    }, 450);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [description, tree]);

  function openMap() {
    setShowMap(true);
    if (!MapView) {
      import('../../ui/map')
        .then((m) => setMapView(() => m.MapView as ComponentType<MapProps>))
        .catch((e) => console.error(e));
    }
  }

  function onPhotos(input: HTMLInputElement) {
    const files = Array.from(input.files ?? []);
    input.value = '';
    const good: File[] = [];
    let problem = '';
    for (const f of files) {
      if (!isPhoto(f)) problem = t('konsol.error.photoType', { name: f.name });
      else if (f.size > PHOTO_MAX_BYTES) problem = t('konsol.error.photoSize', { name: f.name, mb: PHOTO_MAX_MB });
      else good.push(f);
    }
    const all = [...photos, ...good];
    if (all.length > PHOTO_MAX) problem = t('konsol.error.photoCount', { n: PHOTO_MAX });
    setPhotos(all.slice(0, PHOTO_MAX));
    setPhotoError(problem);
  }

  function validate(): Errors {
    const e: Errors = {};
    if (!category) e.category = t('konsol.error.category');
    const chosen = category && tree ? findSub(tree, category) : null;
    if (chosen && (chosen.sub.unit ?? chosen.top.unit) === '@district' && !district && !pin) e.district = t('konsol.error.districtNeeded');
    const d = description.trim();
    if (!d) e.description = t('konsol.error.descriptionEmpty');
    else if ([...d].length > DESCRIPTION_MAX) e.description = t('konsol.error.descriptionLong', { n: DESCRIPTION_MAX });
    if (street.length > STREET_MAX) e.street = t('konsol.error.tooLong', { n: STREET_MAX });
    if (address.length > ADDRESS_MAX) e.address = t('konsol.error.tooLong', { n: ADDRESS_MAX });
    if (who === 'new') {
      if (!completePhone(phone)) e.phone = phone.trim() ? t('konsol.error.phone') : t('konsol.error.phoneEmpty');
      if (firstName.length > NAME_MAX) e.firstName = t('konsol.error.tooLong', { n: NAME_MAX });
      if (lastName.length > NAME_MAX) e.lastName = t('konsol.error.tooLong', { n: NAME_MAX });
      if (!kvkk) e.kvkk = t('konsol.error.kvkk');
    }
    if (photoError) e.photo = photoError;
    return e;
  }
  // After the first attempt, the messages follow the input as it is corrected.
  const errors: Errors = tried ? validate() : photoError ? { photo: photoError } : {};

  const FIELD_IDS: Record<keyof Errors, string> = {
    category: 'req-category-search',
    description: 'req-description',
    district: 'req-district',
    neighbourhood: 'req-neighbourhood',
    street: 'req-street',
    address: 'req-address',
    location: 'req-district',
    phone: 'req-citizen-phone',
    firstName: 'req-first-name',
    lastName: 'req-last-name',
    kvkk: 'req-kvkk',
    photo: 'req-photo',
  };

  async function submit(ev?: Event) {
    ev?.preventDefault();
    if (busy) return;
    setServerError(null);
    const found = validate();
    setTried(true);
    const first = (Object.keys(FIELD_IDS) as (keyof Errors)[]).find((k) => found[k]);
    if (first) {
      document.getElementById(FIELD_IDS[first])?.focus();
      return;
    }
    setBusy(true);
    try {
      const location: Record<string, unknown> = {};
      if (district) location.district = district;
      if (neighbourhood) location.neighbourhood_id = Number(neighbourhood);
      if (street.trim()) location.street = street.trim();
      if (address.trim()) location.address_text = address.trim();
      if (pin) Object.assign(location, { lat: pin.lat, lon: pin.lon });
      const body: Record<string, unknown> = {
        type,
        channel: 'phone',
        category,
        description: description.trim(),
      };
      if (Object.keys(location).length) body.location = location;
      if (who === 'new') {
        body.citizen = { phone: phone.trim(), first_name: firstName.trim(), last_name: lastName.trim(), kvkk_consent: kvkk };
      } else if (who !== 'anonymous') {
        body.citizen_id = Number(who);
      }
      if (suggestions.length) body.suggested_category = suggestions[0].category;
      const contact = await contactId();
      if (contact) body.contact_id = contact;
      if (photos.length) body.photos = await Promise.all(photos.map(async (f) => ({ data: await fileToBase64(f) })));
      const created = await createRequest(body, idempotencyKey.current);
      onCreated(created);
    } catch (err) {
      setServerError(err);
      if (err instanceof ApiError && err.field) {
        const id = Object.entries(FIELD_BY_SERVER).find(([f]) => err.field === f || err.field!.startsWith(`${f}.`) || err.field!.endsWith(`.${f}`))?.[1];
        if (id) document.getElementById(id)?.focus();
      }
    } finally {
      setBusy(false);
    }
  }

  const submitRef = useRef(submit);
  submitRef.current = submit;
  useEffect(() => registerSubmit(() => submitRef.current()), []);

  if (!meta || !tree || !districts) return <Loading />;

  const srv = (field: string) => serverFieldError(serverError, field);
  const types = meta.types.map((c) => ({ value: c.code, label: codeLabel('type', c.code, c.label) }));
  const chosen = citizens.find((c) => String(c.id) === who);
  return (
    <form
      ref={formRef}
      class="card konsol-form"
      onSubmit={submit}
      noValidate
      aria-labelledby="form-title"
      data-testid="request-form"
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          e.stopPropagation();
          submit();
        } else if (e.key === 'Enter' && (e.target as HTMLElement).tagName === 'INPUT') {
          // Enter in a field never sends the form by accident; Ctrl+Enter or the button does.
          e.preventDefault();
        }
      }}
    >
      <h2 id="form-title">{t('konsol.form.title')}</h2>
      {Object.values(errors).some(Boolean) && (
        <p class="alert alert--error" role="alert" data-testid="form-errors">
          {t('form.errorSummary')}
        </p>
      )}
      <ProblemAlert error={serverError} />

      <div class="konsol-form-grid">
        <Select id="req-type" label={t('konsol.form.type')} value={type} options={types} onValue={setType} />
        <CategoryPicker tree={tree} value={category} onChange={setCategory} error={errors.category ?? srv('category')} suggestions={suggestions} />
      </div>

      <TextArea
        id="req-description"
        label={t('konsol.form.description')}
        value={description}
        onValue={setDescription}
        error={errors.description ?? srv('description')}
        hint={t('konsol.form.descriptionHint', { n: [...description].length, max: DESCRIPTION_MAX })}
        rows={4}
      />

      <fieldset class="konsol-fieldset">
        <legend>{t('konsol.form.location')}</legend>
        <div class="konsol-form-grid konsol-form-grid--3">
          <Select
            id="req-district"
            label={t('konsol.form.district')}
            value={district}
            options={districts.map((d) => ({ value: d.code, label: d.name }))}
            onValue={setDistrict}
            placeholder={t('konsol.form.chooseDistrict')}
            error={errors.district ?? srv('district') ?? srv('location')}
            optional
          />
          <Select
            id="req-neighbourhood"
            label={t('konsol.form.neighbourhood')}
            value={neighbourhood}
            options={(neighbourhoods ?? []).map((n) => ({ value: String(n.id), label: n.name }))}
            onValue={setNeighbourhood}
            placeholder={district ? (neighbourhoods ? t('konsol.form.chooseNeighbourhood') : t('app.loading')) : t('konsol.form.districtFirst')}
            disabled={!district}
            error={srv('neighbourhood_id')}
            optional
          />
          <TextInput id="req-street" label={t('konsol.form.street')} value={street} onValue={setStreet} error={errors.street ?? srv('street')} optional autoComplete="off" />
        </div>
        <TextInput id="req-address" label={t('konsol.form.address')} value={address} onValue={setAddress} error={errors.address ?? srv('address_text')} optional autoComplete="off" />
        <div class="row">
          {!showMap ? (
            <button type="button" class="button" onClick={openMap} data-testid="map-open">
              {t('konsol.form.mapOpen')}
            </button>
          ) : (
            <button type="button" class="button" onClick={() => setShowMap(false)}>
              {t('konsol.form.mapClose')}
            </button>
          )}
          {pin && (
            <span data-testid="pin" class="small">
              {t('konsol.form.pin', { lat: pin.lat.toFixed(5), lon: pin.lon.toFixed(5) })}{' '}
              <button type="button" class="link-button" onClick={() => setPin(null)}>
                {t('konsol.form.pinRemove')}
              </button>
            </span>
          )}
        </div>
        {showMap && (
          <div class="konsol-map">{MapView ? <MapView pin={pin} onPick={(lat, lon) => setPin({ lat, lon })} height="260px" label={t('konsol.form.mapLabel')} /> : <Loading />}</div>
        )}
      </fieldset>

      <Field id="req-photo" label={t('konsol.form.photos')} error={errors.photo ?? srv('photos')} hint={t('konsol.form.photoHint', { n: PHOTO_MAX, mb: PHOTO_MAX_MB })} optional>
        <input
          id="req-photo"
          type="file"
          accept="image/*"
          multiple
          onChange={(e) => onPhotos(e.currentTarget as HTMLInputElement)}
          {...describedBy('req-photo', errors.photo ?? srv('photos'), 'x')}
        />
      </Field>
      {photos.length > 0 && (
        <ul class="konsol-photos" data-testid="photo-list">
          {photos.map((f, i) => (
            <li key={`${f.name}-${i}`}>
              {f.name} <span class="muted small">({Math.ceil(f.size / 1024)} KB)</span>{' '}
              <button type="button" class="link-button" onClick={() => setPhotos(photos.filter((_, j) => j !== i))} aria-label={t('konsol.form.photoRemove', { name: f.name })}>
                {t('konsol.form.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}

      <fieldset class="konsol-fieldset" data-testid="citizen-choice">
        <legend>{t('konsol.form.citizen')}</legend>
        <div class="konsol-radios" role="radiogroup" aria-label={t('konsol.form.citizen')}>
          {citizens.map((c) => {
            const shown = revealed[c.id] ?? c;
            return (
              <label key={c.id} class="konsol-radio">
                <input type="radio" name="req-who" value={String(c.id)} checked={who === String(c.id)} onChange={() => setWho(String(c.id))} />
                {t('konsol.form.known', { name: [shown.first_name, shown.last_name].filter(Boolean).join(' ') || t('konsol.history.noName'), phone: displayPhone(c.phone) })}
              </label>
            );
          })}
          <label class="konsol-radio">
            <input type="radio" name="req-who" value="new" id="req-who-new" checked={who === 'new'} onChange={() => setWho('new')} />
            {citizens.length ? t('konsol.form.newOther') : t('konsol.form.new')}
          </label>
          <label class="konsol-radio">
            <input type="radio" name="req-who" value="anonymous" id="req-who-anonymous" checked={who === 'anonymous'} onChange={() => setWho('anonymous')} />
            {t('konsol.form.anonymous')}
          </label>
        </div>
        {chosen && <p class="muted small">{t('konsol.form.knownHint')}</p>}
        {who === 'new' && (
          <>
            <div class="konsol-form-grid konsol-form-grid--3">
              <TextInput id="req-citizen-phone" label={t('konsol.form.phone')} value={phone} onValue={setPhone} error={errors.phone ?? srv('phone')} inputMode="tel" autoComplete="off" />
              <TextInput id="req-first-name" label={t('konsol.form.firstName')} value={firstName} onValue={setFirstName} error={errors.firstName ?? srv('name')} optional autoComplete="off" />
              <TextInput id="req-last-name" label={t('konsol.form.lastName')} value={lastName} onValue={setLastName} error={errors.lastName} optional autoComplete="off" />
            </div>
            <p class="konsol-kvkk-text" id="req-kvkk-text">
              {t('konsol.form.kvkkText')}
            </p>
            <Checkbox id="req-kvkk" label={t('konsol.form.kvkk')} checked={kvkk} onValue={setKvkk} error={errors.kvkk} />
          </>
        )}
        {who === 'anonymous' && <p class="muted small">{t('konsol.form.anonymousHint')}</p>}
      </fieldset>

      <div class="row konsol-submit-row">
        <button type="submit" class="button button--primary" data-testid="request-submit" disabled={busy}>
          {busy ? t('konsol.form.saving') : t('konsol.form.submit')}
        </button>
        <span class="muted small">
          <kbd>Ctrl</kbd>+<kbd>Enter</kbd>
        </span>
        {category && <span class="muted small">{categoryName(findSub(tree, category)!.sub)}</span>}
      </div>
    </form>
  );
}

/** The server's `field` → the input to focus. */
const FIELD_BY_SERVER: Record<string, string> = {
  category: 'req-category-search',
  description: 'req-description',
  'location.district': 'req-district',
  district: 'req-district',
  'location.neighbourhood_id': 'req-neighbourhood',
  'location.street': 'req-street',
  'location.address_text': 'req-address',
  location: 'req-district',
  'citizen.phone': 'req-citizen-phone',
  'citizen.name': 'req-first-name',
  photos: 'req-photo',
};
