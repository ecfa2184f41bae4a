import { useTranslation } from 'react-i18next';
import type { Claim } from '../../shared/guide';

/**
 * "ej verifierad": what a step, fee or link says has not been checked against the
 * agency's source, so the officer confirms it before acting on it.
 */
export function UnverifiedNote({ claim }: { claim: Claim | undefined }) {
  const { t } = useTranslation();
  if (claim?.status === 'verified') return null;
  return (
    <p className="guide-unverified" role="note">
      <span className="tag unverified">{t('guide.unverified')}</span> {t('guide.unverifiedHint')}
    </p>
  );
}

/** The short mark beside a fee or a link whose claim is unverified. */
export function UnverifiedTag({ claim }: { claim: Claim | undefined }) {
  const { t } = useTranslation();
  if (claim?.status === 'verified') return null;
  return <span className="tag unverified">{t('guide.unverified')}</span>;
}
