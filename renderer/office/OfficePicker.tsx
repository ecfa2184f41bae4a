import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Office } from '../../shared/offices';
import { officeShortName } from '../labels';
import { pickerOffices } from './officeSearch';

/**
 * The office picker (issue 18): a search field over a list of radio buttons, each office
 * with its municipality and kind, so look-alike names (Växjö / Växjö Araby) tell apart.
 * Nearest first from the office the device was at last (straight line between registry
 * positions), with the distance shown.
 */
export function OfficePicker(props: {
  offices: readonly Office[];
  value: string;
  onChange(officeId: string): void;
  /** The office the device was at last: the list starts there and goes outwards. */
  from: Office | null;
  disabled?: boolean;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const id = useId();
  const shown = pickerOffices(props.offices, query, props.from);
  return (
    <fieldset className="office-picker" disabled={props.disabled}>
      <legend>{t('setup.office')}</legend>
      <label htmlFor={`${id}-search`}>{t('officePicker.search')}</label>
      <input
        id={`${id}-search`}
        type="search"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        aria-describedby={`${id}-order`}
        autoComplete="off"
        autoFocus={props.autoFocus}
      />
      <p id={`${id}-order`} className="hint">
        {props.from
          ? t('officePicker.orderNearest', { office: officeShortName(props.from) })
          : t('officePicker.orderName')}{' '}
        <span role="status">{t('officePicker.count', { count: shown.length })}</span>
      </p>
      <ul className="office-options">
        {shown.map(({ office, km }) => (
          <li key={office.id}>
            <label className="office-option">
              <input
                type="radio"
                name={`${id}-office`}
                value={office.id}
                checked={props.value === office.id}
                onChange={() => props.onChange(office.id)}
              />
              <span className="office-option-name">{officeShortName(office)}</span>
              <span className="office-option-meta">
                {t('officePicker.meta', {
                  municipality: office.municipality,
                  kind: t(`officeKind.${office.kind}`),
                })}
                {km !== null && office.id !== props.from?.id && ` · ${t('officePicker.km', { km })}`}
                {office.id === props.from?.id && ` · ${t('officePicker.last')}`}
              </span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
