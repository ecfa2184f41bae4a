import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../components/ErrorMessage';
import { officeLabel } from '../labels';
import { useSession } from '../store/session';

/** First run (and "change office"): choose the office from the registry, enter the signature. */
export function SetupView() {
  const { t } = useTranslation();
  const offices = useSession((s) => s.offices);
  const setup = useSession((s) => s.setup);
  const busy = useSession((s) => s.busy);
  const saveSetup = useSession((s) => s.saveSetup);
  const [officeId, setOfficeId] = useState(setup?.officeId ?? '');
  const [signature, setSignature] = useState(setup?.officerSignature ?? '');
  const sorted = [...offices].sort((a, b) => a.name.localeCompare(b.name, 'sv'));

  function submit(event: FormEvent) {
    event.preventDefault();
    void saveSetup(officeId, signature);
  }

  return (
    <section className="panel setup" aria-labelledby="setup-title">
      <h1 id="setup-title">{t('setup.title')}</h1>
      <p>{t('setup.intro')}</p>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="setup-office">{t('setup.office')}</label>
          <select id="setup-office" value={officeId} onChange={(e) => setOfficeId(e.target.value)} required>
            <option value="">{t('setup.officePlaceholder')}</option>
            {sorted.map((o) => (
              <option key={o.id} value={o.id}>
                {officeLabel(t, o)}
              </option>
            ))}
          </select>
        </div>
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
          {t('setup.save')}
        </button>
      </form>
      <p className="hint">{t('setup.sampleNotice')}</p>
    </section>
  );
}
