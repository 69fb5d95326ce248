// The portal request form's state as one value and the one pure function that changes it. The component
// dispatches what the citizen did; what is sent and what is checked are read from the state.
import type { Receipt } from '../../api/public';
import type { Suggestion } from '../../api/types';

export type FieldKey = 'category' | 'description' | 'district' | 'photos' | 'phone' | 'firstName' | 'lastName' | 'email' | 'kvkk';

export type FieldErrors = Partial<Record<FieldKey, string>>;

export type Pin = { lat: number; lon: number };

/** What the citizen typed and chose. */
export interface FormValues {
  type: string;
  category: string;
  description: string;
  district: string;
  neighbourhood: string;
  street: string;
  address: string;
  pin: Pin | null;
  photos: File[];
  phone: string;
  firstName: string;
  lastName: string;
  email: string;
  kvkk: boolean;
}

export interface FormState extends FormValues {
  errors: FieldErrors;
  /** The server's (or the network's) problem with the last submit. */
  problem: unknown;
  busy: boolean;
  /** Set once the request is filed: the page shows the tracking number instead of the form. */
  receipt: Receipt | null;
  suggestions: Suggestion[];
  /** The classifier answered once: its row keeps its place from then on, so later answers move nothing. */
  classifierOn: boolean;
}

export type FormAction =
  | { [K in keyof FormValues]: { kind: 'set'; field: K; value: FormValues[K] } }[keyof FormValues]
  | { kind: 'district'; value: string }
  | { kind: 'photos'; files: File[]; error: string | undefined }
  | { kind: 'errors'; errors: FieldErrors }
  | { kind: 'problem'; problem: unknown }
  | { kind: 'busy'; busy: boolean }
  | { kind: 'suggestions'; suggestions: Suggestion[] }
  | { kind: 'created'; receipt: Receipt }
  | { kind: 'another' };

export const initialFormState: FormState = {
  type: 'request',
  category: '',
  description: '',
  district: '',
  neighbourhood: '',
  street: '',
  address: '',
  pin: null,
  photos: [],
  phone: '',
  firstName: '',
  lastName: '',
  email: '',
  kvkk: false,
  errors: {},
  problem: null,
  busy: false,
  receipt: null,
  suggestions: [],
  classifierOn: false,
};

export function formReducer(state: FormState, action: FormAction): FormState {
  switch (action.kind) {
    case 'set':
      return { ...state, [action.field]: action.value };
    case 'district':
      // Another district's neighbourhoods are another list.
      return { ...state, district: action.value, neighbourhood: '' };
    case 'photos':
      return { ...state, photos: action.files, errors: { ...state.errors, photos: action.error } };
    case 'errors':
      return { ...state, errors: action.errors };
    case 'problem':
      return { ...state, problem: action.problem };
    case 'busy':
      return { ...state, busy: action.busy };
    case 'suggestions':
      return { ...state, suggestions: action.suggestions, classifierOn: true };
    case 'created':
      return { ...state, receipt: action.receipt };
    case 'another':
      // Another request from the same citizen: the place and the contact details stay.
      return {
        ...state,
        receipt: null,
        category: '',
        description: '',
        street: '',
        address: '',
        pin: null,
        photos: [],
        kvkk: false,
        suggestions: [],
      };
  }
}

/** The section components' props: the state to show and where to send what the citizen does. */
export interface SectionProps {
  state: FormState;
  dispatch: (action: FormAction) => void;
}
