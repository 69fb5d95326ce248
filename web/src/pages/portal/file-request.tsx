// `/`: a citizen files a request — subject, description, location (district → neighbourhood, street, or a pin),
// photos, contact details and the KVKK consent — and gets the tracking number to follow it with. The form's
// state is one reducer (form-state.ts); each section is its own component.
import { useEffect, useReducer, useRef } from 'preact/hooks';
import { loadCategories, loadDistricts, loadNeighbourhoods, useLoad } from '../../api/catalog';
import { ApiError, fileToBase64 } from '../../api/client';
import { fileRequest } from '../../api/public';
import { classify } from '../../api/requests';
import { t } from '../../i18n';
import { onLinkClick } from '../../router';
import { EmergencyBanner, Loading } from '../../ui/feedback';
import { ProblemAlert } from '../../ui/form';
import { Shell } from '../../ui/layout';
import { findSub } from './category-picker';
import { ConsentSection } from './consent-section';
import { ContactSection } from './contact-section';
import { Created } from './created';
import { type FieldErrors, type FieldKey, formReducer, initialFormState } from './form-state';
import { PhotosSection, photoProblem } from './photos-section';
import { WhatSection } from './what-section';
import { WhereSection } from './where-section';
import { MAX_DESCRIPTION, emailOk, phoneProblem } from './validate';

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

export function FileRequest() {
  const tree = useLoad(loadCategories);
  const districts = useLoad(loadDistricts);
  const [state, dispatch] = useReducer(formReducer, initialFormState);
  const { type, category, description, district, neighbourhood, street, address, pin, photos, phone, firstName, lastName, email, kvkk } = state;
  const { errors, problem, busy, receipt } = state;
  const classifyAvailable = useRef(true);
  const shownSuggestion = useRef<string | null>(null);
  const neighbourhoods = useLoad(() => (district ? loadNeighbourhoods(district) : Promise.resolve([])), [district]);
  const setErrors = (e: FieldErrors) => dispatch({ kind: 'errors', errors: e });

  // The classifier's top suggestions for the description, when the server has one (404 or 401: none, quietly).
  useEffect(() => {
    const text = description.trim();
    if (!classifyAvailable.current || text.length < 12) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      classify(text, controller.signal)
        .then((r) => {
          const list = (r.suggestions ?? []).slice(0, 3);
          dispatch({ kind: 'suggestions', suggestions: list });
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
    dispatch({ kind: 'another' });
    shownSuggestion.current = null;
    window.scrollTo(0, 0);
  }

  function validate(): FieldErrors {
    const e: FieldErrors = {};
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

  function focusFirst(e: FieldErrors) {
    const first = (Object.keys(FIELD_IDS) as FieldKey[]).find((k) => e[k]);
    if (first) requestAnimationFrame(() => document.getElementById(FIELD_IDS[first])?.focus());
  }

  async function submit(ev: Event) {
    ev.preventDefault();
    dispatch({ kind: 'problem', problem: null });
    const e = validate();
    setErrors(e);
    if (Object.keys(e).length > 0) {
      focusFirst(e);
      return;
    }
    dispatch({ kind: 'busy', busy: true });
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
      dispatch({ kind: 'created', receipt: await fileRequest(body) });
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
      dispatch({ kind: 'problem', problem: err });
    } finally {
      dispatch({ kind: 'busy', busy: false });
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

            <WhatSection state={state} dispatch={dispatch} tree={tree} />
            <WhereSection state={state} dispatch={dispatch} districts={districts} neighbourhoods={neighbourhoods} />
            <PhotosSection state={state} dispatch={dispatch} />
            <ContactSection state={state} dispatch={dispatch} />
            <ConsentSection state={state} dispatch={dispatch} />

            <button type="submit" class="button button--primary portal-submit" data-testid="portal-submit" disabled={busy}>
              {busy ? t('portal.submitting') : t('portal.submit')}
            </button>
          </form>
        )}
      </div>
    </Shell>
  );
}
