import { useTranslation } from 'react-i18next';
import { useSession } from '../store/session';

/** Says so when the backend process is restarting or gone; silent when all is well. */
export function ConnectionBanner() {
  const { t } = useTranslation();
  const backend = useSession((s) => s.backend);
  return (
    <div role="status" aria-live="polite" className={backend === 'ready' ? 'banner-empty' : `banner banner-${backend}`}>
      {backend !== 'ready' && t(`backend.${backend}`)}
    </div>
  );
}
