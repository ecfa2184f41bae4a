import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../components/ErrorMessage';
import { OfficePicker } from '../office/OfficePicker';
import { PolicySettings } from '../policy/PolicySettings';
import { lockedBy, usePolicy } from '../policy/usePolicy';
import { useSession } from '../store/session';
import { SyncSettings } from '../sync/SyncSettings';
import { HubLinkSettings } from '../hub/HubLinkSettings';
import { FOCUS, focusWhenReady } from '../focus';

/**
 * First run and Settings: choose the office from the registry, enter the signature. Once an
 * office is set up this is also where the statistics service is connected (it needs the office).
 */
export function SetupView() {
  const { t } = useTranslation();
  const offices = useSession((s) => s.offices);
  const setup = useSession((s) => s.setup);
  const busy = useSession((s) => s.busy);
  const saveSetup = useSession((s) => s.saveSetup);
  const leaveSetup = useSession((s) => s.leaveSetup);
  const policy = usePolicy();
  const policyOffices = policy?.policy?.offices;
  // IT's policy: a locked office list is all this PC may serve; its first office is the preset.
  const officeLocked = lockedBy(policy, 'office');
  const [chosenOffice, setOfficeId] = useState(setup?.officeId ?? '');
  const officeId = chosenOffice || (policyOffices?.[0] ?? '');
  const [signature, setSignature] = useState(setup?.officerSignature ?? '');
  const sorted = offices.filter((o) => !officeLocked || !policyOffices || policyOffices.includes(o.id));
  // Where the device was last: the picker lists the nearest offices first.
  const lastOffice = offices.find((o) => o.id === setup?.officeId) ?? null;

  function submit(event: FormEvent) {
    event.preventDefault();
    // A new office is confirmed on its own screen (OfficeConfirm) before the counter opens; a new signature alone is not.
    void saveSetup(officeId, signature).then((saved) => {
      if (saved && useSession.getState().phase === 'counter')
        focusWhenReady(`${FOCUS.counterChoice}, ${FOCUS.callNext}`);
    });
  }

  return (
    <div className="settings">
      <section className="panel setup" aria-labelledby="setup-title">
        <h1 id="setup-title">{setup ? t('setup.settingsTitle') : t('setup.title')}</h1>
        {/* Looking at Settings must not cost the counter: back without saving anything. */}
        {setup && (
          <button type="button" className="link-button back-to-counter" onClick={leaveSetup}>
            {t('setup.backToCounter')}
          </button>
        )}
        <p>{t('setup.intro')}</p>
        <form onSubmit={submit} noValidate>
          <OfficePicker
            offices={sorted}
            value={officeId}
            onChange={setOfficeId}
            from={lastOffice}
            disabled={officeLocked && sorted.length === 1}
            // First run: the one thing to do is pick the office, so the keyboard starts there.
            autoFocus={!setup}
          />
          {officeLocked && (
            <p id="setup-office-locked" className="hint">
              {t('policy.lockedField')}
            </p>
          )}
          <div className="field">
            <label htmlFor="setup-signature">{t('setup.signature')}</label>
            <input
              id="setup-signature"
              value={signature}
              onChange={(e) => setSignature(e.target.value)}
              aria-describedby="setup-signature-hint"
              autoComplete="off"
              maxLength={12}
              required
            />
            <p id="setup-signature-hint" className="hint">
              {t('setup.signatureHint')}
            </p>
          </div>
          <ErrorMessage />
          <button type="submit" className="primary" disabled={busy}>
            {setup ? t('setup.saveChanges') : t('setup.save')}
          </button>
        </form>
        <p className="hint">{t('setup.sampleNotice')}</p>
      </section>
      {setup && <SyncSettings />}
      <PolicySettings />
      {/* Before setup too: a new kiosk or counter PC pairs first, then takes the hub's office. */}
      <HubLinkSettings />
    </div>
  );
}
