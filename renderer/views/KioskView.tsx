import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../components/ErrorMessage';
import { LANGUAGE_NAMES, LANGUAGES, setLanguage } from '../i18n/index';
import { useQueue } from '../store/queue';
import { useSession } from '../store/session';

/** How long the issued number stays on screen before the kiosk is ready for the next visitor. */
const SHOW_NUMBER_MS = 15_000;

/** The ticket kiosk: big touch buttons per walk-in queue, and check-in for booked visits. */
export function KioskView() {
  const { t } = useTranslation();
  const queues = useQueue((s) => s.kioskQueues);
  const error = useSession((s) => s.error);
  const issued = useQueue((s) => s.issued);
  const ahead = useQueue((s) => s.issuedAhead);
  const issuedQueue = useQueue((s) => s.kioskQueues.find((q) => q.letter === s.issued?.queueLetter)?.name);
  const busy = useSession((s) => s.busy);
  const [reference, setReference] = useState('');

  // The next visitor must not see what the last one typed, or the error they got.
  useEffect(() => {
    if (!error) return;
    const timer = setTimeout(() => {
      setReference('');
      useSession.getState().setError(null);
    }, SHOW_NUMBER_MS);
    return () => clearTimeout(timer);
  }, [error]);

  useEffect(() => {
    if (!issued) return;
    // The next visitor starts in Swedish again.
    const timer = setTimeout(() => {
      useQueue.getState().clearIssued();
      setLanguage('sv', false);
    }, SHOW_NUMBER_MS);
    return () => clearTimeout(timer);
  }, [issued]);

  if (issued) {
    return (
      <main className="kiosk" id="main">
        <section className="kiosk-ticket" aria-live="assertive">
          <h1>{t('kiosk.yourNumber')}</h1>
          <p className="kiosk-number">{issued.number}</p>
          {issuedQueue && <p className="kiosk-queue">{issuedQueue}</p>}
          {ahead !== null && <p className="kiosk-ahead">{t('kiosk.ahead', { count: ahead })}</p>}
          <p>{t('kiosk.watchScreen')}</p>
          <div className="kiosk-row">
            <button type="button" className="kiosk-button" onClick={() => window.print()}>
              {t('kiosk.print')}
            </button>
            <button
              type="button"
              className="kiosk-button secondary"
              onClick={() => {
                useQueue.getState().clearIssued();
                setLanguage('sv', false);
              }}
            >
              {t('kiosk.done')}
            </button>
          </div>
        </section>
      </main>
    );
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void useQueue
      .getState()
      .checkIn(reference)
      .then(() => setReference(''));
  };

  return (
    <main className="kiosk" id="main">
      <KioskLanguages />
      <h1>{t('kiosk.title')}</h1>
      <p className="kiosk-lead">{t('kiosk.choose')}</p>
      <div className="kiosk-grid">
        {queues.map((q) => (
          <button
            key={q.letter}
            type="button"
            className="kiosk-button"
            disabled={busy}
            onClick={() => void useQueue.getState().issue(q.letter, 'kiosk')}
          >
            <span className="kiosk-letter">{q.letter}</span> {q.name}
          </button>
        ))}
      </div>
      <form className="kiosk-checkin" onSubmit={submit}>
        <h2>{t('kiosk.bookedTitle')}</h2>
        <label htmlFor="kiosk-reference">{t('kiosk.reference')}</label>
        <div className="kiosk-row">
          <input
            id="kiosk-reference"
            value={reference}
            autoComplete="off"
            onChange={(e) => setReference(e.target.value)}
            aria-describedby="kiosk-reference-hint"
          />
          <button type="submit" className="kiosk-button" disabled={busy || reference.trim().length < 3}>
            {t('kiosk.checkIn')}
          </button>
        </div>
        <p id="kiosk-reference-hint" className="hint">
          {t('kiosk.referenceHint')}
        </p>
      </form>
      <ErrorMessage />
    </main>
  );
}

/** The visitor's language, as big buttons named in their own language. */
function KioskLanguages() {
  const { t, i18n } = useTranslation();
  return (
    <div className="kiosk-languages" role="group" aria-label={t('app.language')}>
      {LANGUAGES.map((lng) => (
        <button
          key={lng}
          type="button"
          lang={lng}
          className="kiosk-language"
          aria-pressed={i18n.language === lng}
          onClick={() => setLanguage(lng, false)}
        >
          {LANGUAGE_NAMES[lng]}
        </button>
      ))}
    </div>
  );
}
