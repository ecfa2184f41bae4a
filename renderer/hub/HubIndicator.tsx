import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { stockholmTime } from '../../shared/time';
import { openSettingsAt } from '../components/openSettingsAt';
import { useHubLink } from '../store/hubLink';

/** Opens Settings at the hub section, where the state is explained and the link undone. */
const openHubSettings = () => openSettingsAt('hub-link-title');

/**
 * The header's hub status: nothing on a PC on its own (today's header, unchanged), "this
 * computer is the hub" on the hub, and on a paired PC whether the hub answers (pushed on
 * the 'hub' topic, so "unreachable since 10:42" appears without asking).
 */
export function HubIndicator() {
  const { t } = useTranslation();
  const status = useHubLink((s) => s.status);
  const serving = useHubLink((s) => s.serving);
  const steppedDown = useHubLink((s) => s.steppedDown);
  const refresh = useHubLink((s) => s.refresh);
  useEffect(() => void refresh(), [refresh]);

  if (!status) return null;
  if (status.state === 'standalone') {
    if (steppedDown)
      return (
        <span className="hub-indicator" data-tone="problem">
          {t('hubLink.header.steppedDown')}
        </span>
      );
    return serving ? (
      <span className="hub-indicator" data-tone="ok">
        {t('hubLink.header.hub')}
      </span>
    ) : null;
  }
  const text =
    status.state === 'unreachable'
      ? t('hubLink.header.unreachable', {
          time: status.unreachableSince ? stockholmTime(new Date(status.unreachableSince)) : '',
        })
      : // Which PC is the hub: its address (after a takeover, the PC that took over).
        t(`hubLink.header.${status.state}`, { address: status.address?.replace(/^https:\/\//, '') ?? '' });
  return (
    <button
      type="button"
      className="hub-indicator link-button"
      data-tone={status.state === 'connected' ? 'ok' : 'problem'}
      onClick={openHubSettings}
    >
      {text}
    </button>
  );
}
