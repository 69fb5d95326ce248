// Form parts with labels, hints and error messages tied to their inputs (aria-describedby, aria-invalid), so
// that screen readers and keyboard users get the same form as everyone else.
import type { ComponentChildren, JSX } from 'preact';
import { ApiError } from '../api/client';
import { t } from '../i18n';

interface FieldProps {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  optional?: boolean;
  children: ComponentChildren;
}

/** A label, the control given as child (which must carry `id`), an optional hint and an error message. */
export function Field({ id, label, error, hint, optional, children }: FieldProps) {
  return (
    <div class={`field${error ? ' field--error' : ''}`}>
      <label for={id}>
        {label}
        {optional && <span class="field-optional"> {t('form.optional')}</span>}
      </label>
      {children}
      {hint && (
        <p class="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** The aria attributes of a control inside <Field>. */
export function describedBy(id: string, error?: string, hint?: string) {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { 'aria-describedby': ids || undefined, 'aria-invalid': error ? true : undefined };
}

type InputProps = Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'label' | 'value' | 'onInput'> & {
  id: string;
  label: string;
  value: string;
  onValue: (v: string) => void;
  error?: string;
  hint?: string;
  optional?: boolean;
};

export function TextInput({ id, label, value, onValue, error, hint, optional, ...rest }: InputProps) {
  return (
    <Field id={id} label={label} error={error} hint={hint} optional={optional}>
      <input
        id={id}
        name={id}
        value={value}
        onInput={(e) => onValue((e.currentTarget as HTMLInputElement).value)}
        {...describedBy(id, error, hint)}
        {...rest}
      />
    </Field>
  );
}

type AreaProps = Omit<JSX.TextareaHTMLAttributes<HTMLTextAreaElement>, 'label' | 'value' | 'onInput'> & {
  id: string;
  label: string;
  value: string;
  onValue: (v: string) => void;
  error?: string;
  hint?: string;
  optional?: boolean;
};

export function TextArea({ id, label, value, onValue, error, hint, optional, ...rest }: AreaProps) {
  return (
    <Field id={id} label={label} error={error} hint={hint} optional={optional}>
      <textarea
        id={id}
        name={id}
        value={value}
        onInput={(e) => onValue((e.currentTarget as HTMLTextAreaElement).value)}
        {...describedBy(id, error, hint)}
        {...rest}
      />
    </Field>
  );
}

export interface Option {
  value: string;
  label: string;
}

type SelectProps = Omit<JSX.SelectHTMLAttributes<HTMLSelectElement>, 'label' | 'value' | 'onChange'> & {
  id: string;
  label: string;
  value: string;
  options: Option[];
  onValue: (v: string) => void;
  /** Text of an empty first option; none when omitted. */
  placeholder?: string;
  error?: string;
  hint?: string;
  optional?: boolean;
};

export function Select({ id, label, value, options, onValue, placeholder, error, hint, optional, ...rest }: SelectProps) {
  return (
    <Field id={id} label={label} error={error} hint={hint} optional={optional}>
      <select
        id={id}
        name={id}
        value={value}
        onChange={(e) => onValue((e.currentTarget as HTMLSelectElement).value)}
        {...describedBy(id, error, hint)}
        {...rest}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

export function Checkbox(props: { id: string; label: ComponentChildren; checked: boolean; onValue: (v: boolean) => void; error?: string }) {
  const { id, label, checked, onValue, error } = props;
  return (
    <div class={`field field--check${error ? ' field--error' : ''}`}>
      <input
        type="checkbox"
        id={id}
        name={id}
        checked={checked}
        onChange={(e) => onValue((e.currentTarget as HTMLInputElement).checked)}
        {...describedBy(id, error)}
      />
      <label for={id}>{label}</label>
      {error && (
        <p class="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/**
 * The server's answer to a failed write, in words: the problem's Turkish title and detail (role="alert" so that
 * it is read out). Renders nothing without an error.
 */
export function ProblemAlert({ error }: { error: unknown }) {
  if (!error) return null;
  const e = error instanceof ApiError ? error : null;
  const title = e ? (e.status === 0 ? t('error.network') : e.title) : t('error.title');
  const detail = e && e.status !== 0 && e.detail && e.detail !== e.title ? e.detail : '';
  return (
    <div class="alert alert--error" role="alert" data-problem={e?.kind}>
      <strong>{title}</strong>
      {detail && <p>{detail}</p>}
    </div>
  );
}

/** The message for one field from a server problem that names it (`field`), e.g. "citizen.phone". */
export function serverFieldError(error: unknown, field: string): string | undefined {
  if (error instanceof ApiError && error.field && (error.field === field || error.field.endsWith(`.${field}`)))
    return error.detail || error.title;
  return undefined;
}
