import { useTranslation } from 'react-i18next';
import type { GuideBundle } from '../../shared/api';
import type { OutcomeNode } from '../../shared/guide';
import { nearestOfficesWith } from '../../shared/referral';
import { outcomeLabel } from '../labels';
import { useSession } from '../store/session';
import { LinkButton } from './GuideExtras';
import { useGuideText } from './texts';
import { UnverifiedNote } from './Unverified';

/** Where the guide ended: the outcome, where a referral points, what to bring. */
export function GuideOutcome({ bundle, node }: { bundle: GuideBundle; node: OutcomeNode }) {
  const { t } = useTranslation();
  const text = useGuideText(bundle);
  const offices = useSession((s) => s.offices);
  const officeId = useSession((s) => s.setup?.officeId);
  const here = offices.find((o) => o.id === officeId);
  const referral = node.referral;
  const nearest =
    referral && 'nearestWith' in referral && here ? nearestOfficesWith(offices, here, referral.nearestWith) : [];
  const channelLink =
    referral && 'channel' in referral && referral.link ? bundle.links.find((l) => l.id === referral.link) : undefined;
  const documents = bundle.documents.filter((d) => node.documents?.includes(d.id));
  return (
    <div className="guide-outcome" role="status">
      <p className="guide-outcome-label">
        <span className={`tag outcome-${node.outcome}`}>{outcomeLabel(t, node.outcome)}</span>
      </p>
      <h2>{text(node.title)}</h2>
      {node.text && <p className="guide-text">{text(node.text)}</p>}
      {node.claim && <UnverifiedNote claim={node.claim} />}
      {referral && 'nearestWith' in referral && (
        <>
          <h3>{t('guide.nearestOffices', { capability: t(`guide.capability.${referral.nearestWith}`) })}</h3>
          {nearest.length ? (
            <ol className="guide-referral">
              {nearest.map(({ office, km }) => (
                <li key={office.id}>
                  <strong>{office.name}</strong> ({t('guide.municipality', { name: office.municipality })}),{' '}
                  {t('guide.km', { km })}
                </li>
              ))}
            </ol>
          ) : (
            <p>{t('guide.noNearbyOffice')}</p>
          )}
        </>
      )}
      {referral && 'channel' in referral && (
        <p>
          {t('guide.referChannel', { channel: t(`guide.channel.${referral.channel}`) })}{' '}
          {channelLink && <LinkButton url={channelLink.url} label={text(channelLink.label)} />}
        </p>
      )}
      {documents.length > 0 && (
        <>
          <h3>{t('guide.documentsToBring')}</h3>
          <ul>
            {documents.map((d) => (
              <li key={d.id}>{text(d.label)}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
