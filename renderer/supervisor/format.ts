import type { i18n as I18n } from 'i18next';

/** Numbers as the officer's language writes them (decimal comma in Swedish). */
export function numberFormat(i18n: I18n, maximumFractionDigits = 1) {
  return new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'sv-SE', { maximumFractionDigits });
}

/** Seconds as minutes with one decimal; a dash when there is nothing to average. */
export function minutesText(i18n: I18n, seconds: number | null): string {
  return seconds === null ? '–' : `${numberFormat(i18n).format(seconds / 60)} min`;
}

export function shareText(i18n: I18n, share: number | null): string {
  return share === null
    ? '–'
    : new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'sv-SE', {
        style: 'percent',
        maximumFractionDigits: 1,
      }).format(share);
}
