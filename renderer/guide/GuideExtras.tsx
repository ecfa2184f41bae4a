import { useTranslation } from 'react-i18next';
import type { GuideBundle } from '../../shared/api';
import type { GuideNode } from '../../shared/guide';
import { openExternal } from '../api/client';
import { formatSek, useGuideText } from './texts';
import { UnverifiedTag } from './Unverified';

/** A step's agency links (opened in the system browser) and fees. */
export function GuideExtras({ bundle, node }: { bundle: GuideBundle; node: GuideNode }) {
  const { t, i18n } = useTranslation();
  const text = useGuideText(bundle);
  const links = bundle.links.filter((l) => node.links?.includes(l.id));
  const fees = bundle.fees.filter((f) => node.fees?.includes(f.id));
  if (!links.length && !fees.length) return null;
  return (
    <div className="guide-extras">
      {fees.length > 0 && (
        <ul className="plain guide-fees" aria-label={t('guide.fees')}>
          {fees.map((f) => (
            <li key={f.id}>
              {t('guide.fee', { label: text(f.label), amount: formatSek(f.amountSek, i18n.language) })}{' '}
              <UnverifiedTag claim={f.claim} />
            </li>
          ))}
        </ul>
      )}
      {links.length > 0 && (
        <ul className="plain guide-links" aria-label={t('guide.links')}>
          {links.map((l) => (
            <li key={l.id}>
              <LinkButton url={l.url} label={text(l.label)} /> <UnverifiedTag claim={l.claim} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function LinkButton({ url, label }: { url: string; label: string }) {
  const { t } = useTranslation();
  return (
    <button type="button" className="link-button" onClick={() => void openExternal(url)}>
      {label} <span className="hint">({t('guide.opensInBrowser')})</span>
    </button>
  );
}
