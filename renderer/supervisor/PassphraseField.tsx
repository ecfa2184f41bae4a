import type { InputHTMLAttributes } from 'react';

/** A labelled passphrase input: never autofilled into the wrong field, never shown. */
export function PassphraseField({
  id,
  label,
  value,
  onValue,
  ...input
}: {
  id: string;
  label: string;
  value: string;
  onValue(value: string): void;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'type' | 'value' | 'onChange'>) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="password" value={value} onChange={(e) => onValue(e.target.value)} {...input} />
    </div>
  );
}
