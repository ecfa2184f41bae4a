import { useTranslation } from 'react-i18next';
import type { GuideBundle } from '../../shared/api';

/**
 * A package's own text in the UI language, falling back to Swedish (every key has sv;
 * en is optional), so a guide never shows a raw key to an officer.
 */
export function useGuideText(bundle: GuideBundle) {
  const { i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'sv';
  return (key: string | undefined): string => {
    if (key === undefined) return '';
    return (lang === 'en' ? bundle.texts.en?.[key] : undefined) ?? bundle.texts.sv[key] ?? key;
  };
}

export const formatSek = (amount: number, lang: string) =>
  new Intl.NumberFormat(lang === 'en' ? 'en-SE' : 'sv-SE', {
    style: 'currency',
    currency: 'SEK',
    maximumFractionDigits: 0,
  }).format(amount);
