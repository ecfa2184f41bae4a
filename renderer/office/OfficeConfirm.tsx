import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../components/ErrorMessage';
import { useSession } from '../store/session';
import { FOCUS, focusWhenReady } from '../focus';

/**
 * The start of a travelling officer's day (issue 18): before the counter opens on the first
 * start of a local day, and after every office switch, the office is named large with its
 * municipality and kind, and the officer confirms it or picks another.
 */
const YES = '#office-confirm-yes';
/** How long the confirmation after saving stays on the counter (it can be closed sooner). */
const NOTICE_MS = 10_000;

export function OfficeConfirm() {
  const { t } = useTranslation();
  const offices = useSession((s) => s.offices);
  const setup = useSession((s) => s.setup);
  const switching = useSession((s) => s.switched);
  const busy = useSession((s) => s.busy);
  const confirmOffice = useSession((s) => s.confirmOffice);
  const chooseOtherOffice = useSession((s) => s.chooseOtherOffice);
  // The one thing to do here: the keyboard starts on "Ja" once it is enabled (a disabled button
  // cannot take the focus), and comes back to it when a reload disabled it for a moment.
  const focused = useRef(false);
  useEffect(() => {
    if (busy) return;
    if (focused.current && document.activeElement !== document.body) return;
    focused.current = true;
    focusWhenReady(YES);
  }, [busy]);
  const officeId = setup?.officeId;
  const office = offices.find((o) => o.id === officeId);
  return (
    <section className="panel office-confirm" aria-labelledby="office-confirm-title">
      <h1 id="office-confirm-title">{switching ? t('officeConfirm.switchTitle') : t('officeConfirm.title')}</h1>
      <p className="office-confirm-name">{office?.name ?? officeId}</p>
      {office && (
        <p className="office-confirm-meta">
          {t('officePicker.meta', { municipality: office.municipality, kind: t(`officeKind.${office.kind}`) })}
        </p>
      )}
      <p>{t('officeConfirm.why')}</p>
      <ErrorMessage />
      <div className="office-confirm-actions">
        <button
          id={YES.slice(1)}
          type="button"
          className="primary"
          disabled={busy}
          onClick={() =>
            // At the counter, the next thing to do is to open one (or call next, when this officer has one open).
            void confirmOffice().then((ok) => ok && focusWhenReady(`${FOCUS.counterChoice}, ${FOCUS.callNext}`))
          }
        >
          {t('officeConfirm.yes')}
        </button>
        <button type="button" disabled={busy} onClick={chooseOtherOffice}>
          {t('officeConfirm.other')}
        </button>
      </div>
    </section>
  );
}

/** Said once on the counter after a confirmation: the office the figures now go to. */
export function OfficeConfirmedNotice() {
  const { t } = useTranslation();
  const confirmed = useSession((s) => s.confirmed);
  const offices = useSession((s) => s.offices);
  const dismiss = useSession((s) => s.dismissConfirmed);
  const office = offices.find((o) => o.id === confirmed?.officeId);
  // Said, then out of the way: the counter's own messages take over.
  useEffect(() => {
    if (!confirmed) return;
    const timer = setTimeout(dismiss, NOTICE_MS);
    return () => clearTimeout(timer);
  }, [confirmed, dismiss]);
  return (
    <div role="status" className="office-confirmed">
      {confirmed && (
        <>
          <span>
            {t(confirmed.switched ? 'officeConfirm.savedSwitch' : 'officeConfirm.savedDay', {
              office: office?.name ?? confirmed.officeId,
            })}
          </span>
          <button type="button" className="link-button" onClick={dismiss}>
            {t('officeConfirm.dismiss')}
          </button>
        </>
      )}
    </div>
  );
}
