import { useTranslation } from 'react-i18next';
import { useSession } from '../store/session';
import { useGuide } from '../store/guide';
import { useShortcuts } from '../shortcuts';
import { SyncIndicator } from '../sync/SyncIndicator';
import { HubIndicator } from '../hub/HubIndicator';
import { LanguageSwitch } from './LanguageSwitch';
import { officeShortName } from '../labels';
import { ShortcutButton } from './ShortcutButton';

export function Header() {
  const { t } = useTranslation();
  const setup = useSession((s) => s.setup);
  const offices = useSession((s) => s.offices);
  const phase = useSession((s) => s.phase);
  const editSetup = useSession((s) => s.editSetup);
  const office = offices.find((o) => o.id === setup?.officeId);
  const openLookup = useGuide((s) => s.openLookup);
  useShortcuts({ guideLookup: () => phase === 'counter' && void openLookup() }, () => useSession.getState().busy);

  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-name">{t('app.name')}</span>
        <span className="brand-tagline">{t('app.tagline')}</span>
      </div>
      {/* The office the figures go to, on every view (Settings too): a travelling officer must never wonder. */}
      {setup && phase !== 'loading' && (
        <p className="header-office">
          <span className="visually-hidden">{t('app.officeLabel')} </span>
          <span className="header-office-name">{office ? officeShortName(office) : setup.officeId}</span>
          {/* The municipality tells look-alikes apart (Växjö Araby, Växjö); said once when it is the name. */}
          {office && office.municipality !== officeShortName(office) && (
            <span className="header-office-meta">{office.municipality}</span>
          )}
        </p>
      )}
      {phase === 'counter' && setup && (
        <div className="who">
          <span>{t('app.officer', { signature: setup.officerSignature })}</span>
          <ShortcutButton action="guideLookup" className="link-button" onClick={() => void openLookup()}>
            {t('guide.openLookup')}
          </ShortcutButton>
          <button type="button" className="link-button" onClick={() => (location.hash = '#/supervisor')}>
            {t('supervisor.open')}
          </button>
          <button type="button" className="link-button" onClick={editSetup}>
            {t('app.changeSetup')}
          </button>
        </div>
      )}
      {/* Once there is an office: the status is about its events, and the click leads to its Settings. */}
      {setup && (phase === 'counter' || phase === 'setup' || phase === 'confirm') && <SyncIndicator />}
      {setup && (phase === 'counter' || phase === 'setup' || phase === 'confirm') && <HubIndicator />}
      <LanguageSwitch />
    </header>
  );
}
