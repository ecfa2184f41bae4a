import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGE_NAMES, LANGUAGES, setLanguage, type Language } from '../i18n/index';
import { lockedBy, usePolicy } from '../policy/usePolicy';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  // IT's policy: a locked language is applied and cannot be switched here.
  const policy = usePolicy();
  const locked = lockedBy(policy, 'language');
  const policyLanguage = policy?.policy?.language;
  useEffect(() => {
    if (locked && policyLanguage && i18n.language !== policyLanguage) setLanguage(policyLanguage);
  }, [locked, policyLanguage, i18n.language]);
  return (
    <label className="language">
      {/* The select shows the language by name; the label is for screen readers (one header line). */}
      <span className="visually-hidden">{t('app.language')}</span>
      <select
        value={i18n.language}
        onChange={(e) => setLanguage(e.target.value as Language)}
        disabled={locked}
        title={locked ? t('policy.lockedField') : undefined}
      >
        {LANGUAGES.map((lng) => (
          <option key={lng} value={lng} lang={lng}>
            {LANGUAGE_NAMES[lng]}
          </option>
        ))}
      </select>
    </label>
  );
}
