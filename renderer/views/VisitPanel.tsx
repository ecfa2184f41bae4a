import { useRef, useState, type FormEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { AGENCIES, ERRAND_KINDS, type Agency, type ErrandKind } from '../../shared/domain';
import { stockholmTime } from '../../shared/time';
import { ErrorMessage } from '../components/ErrorMessage';
import { ShortcutButton } from '../components/ShortcutButton';
import { FOCUS, focusWhenReady } from '../focus';
import { formatWait } from '../format';
import { agencyLabel, errandLabel, errandTitle, outcomeLabel } from '../labels';
import { useGuide } from '../store/guide';
import { useSession } from '../store/session';
import { useShortcuts } from '../shortcuts';
import { ErrandEditor } from './ErrandEditor';

export function VisitPanel() {
  const { t } = useTranslation();
  const current = useSession((s) => s.current);
  const busy = useSession((s) => s.busy);
  const startVisit = useSession((s) => s.startVisit);
  const closeVisit = useSession((s) => s.closeVisit);
  const catalog = useGuide((s) => s.catalog);
  const openGuide = useGuide((s) => s.openForErrand);
  const agencyRef = useRef<HTMLSelectElement>(null);

  const close = async () => {
    await closeVisit();
    if (!useSession.getState().current) focusWhenReady(FOCUS.callNext);
  };
  const start = async () => {
    await startVisit();
    focusWhenReady(FOCUS.addErrand);
  };
  /** The errand in hand: the first without an outcome that has a guide, else the last with one. */
  const errandForGuide = () => {
    const withGuide = (current?.errands ?? []).filter((e) => catalog.some((g) => g.errandKind === e.errandKind));
    return withGuide.find((e) => !e.outcome) ?? withGuide.at(-1);
  };

  useShortcuts(
    {
      startVisit: () => !current && void start(),
      closeVisit: () => current && void close(),
      addErrand: () => agencyRef.current?.focus(),
      openGuide: () => {
        const errand = errandForGuide();
        if (errand) void openGuide(errand.id);
      },
    },
    () => useSession.getState().busy,
  );

  if (!current) {
    return (
      <section className="panel visit" aria-labelledby="visit-title">
        <h1 id="visit-title">{t('visit.title')}</h1>
        <p>{t('visit.none')}</p>
        <ErrorMessage />
        <ShortcutButton id="start-visit" action="startVisit" onClick={() => void start()} disabled={busy}>
          {t('visit.startWithoutTicket')}
        </ShortcutButton>
      </section>
    );
  }
  return (
    <section className="panel visit" aria-labelledby="visit-title">
      <div className="visit-head">
        <h1 id="visit-title">{t('visit.title')}</h1>
        <p>
          {current.ticketNumber && <span className="ticket-number">{current.ticketNumber}</span>}{' '}
          {t('visit.startedAt', { time: stockholmTime(new Date(current.startedAt)) })}
          {current.waitingSeconds !== null && <> · {t('visit.waited', { time: formatWait(current.waitingSeconds) })}</>}
          {current.corrections > 0 && <> · {t('visit.correcting')}</>}
        </p>
      </div>
      {/* The errands scroll here; the visit's number above and "Avsluta besök" below stay put. */}
      <div className="visit-body">
        <h2>{t('visit.errands')}</h2>
        {current.errands.length === 0 ? (
          <p>{t('visit.noErrands')}</p>
        ) : (
          <ul className="plain errands">
            {current.errands.map((errand) => (
              <li key={errand.id}>
                <ErrandEditor errand={errand} />
              </li>
            ))}
          </ul>
        )}
        <AddErrandForm agencyRef={agencyRef} />
      </div>
      <div className="visit-foot">
        <RecordedNotice />
        <ErrorMessage />
        <ShortcutButton
          id="close-visit"
          action="closeVisit"
          className="primary"
          onClick={() => void close()}
          disabled={busy}
        >
          {t('visit.close')}
        </ShortcutButton>
      </div>
    </section>
  );
}

/** The confirmation after "Spara utfallet": which errand got which outcome from its guide. */
function RecordedNotice() {
  const { t } = useTranslation();
  const recorded = useGuide((s) => s.recorded);
  const errand = useSession((s) => s.current?.errands.find((e) => e.id === recorded?.errandId));
  return (
    <p className="notice" role="status">
      {recorded && errand
        ? t('guide.recorded', { errand: errandTitle(t, errand), outcome: outcomeLabel(t, recorded.outcome) })
        : ''}
    </p>
  );
}

function AddErrandForm({ agencyRef }: { agencyRef: RefObject<HTMLSelectElement | null> }) {
  const { t } = useTranslation();
  const addErrand = useSession((s) => s.addErrand);
  const busy = useSession((s) => s.busy);
  const [agency, setAgency] = useState<Agency | ''>('');
  const [kind, setKind] = useState<ErrandKind | ''>('');

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (await addErrand(agency as Agency, kind as ErrandKind)) {
      setAgency('');
      setKind('');
      // Focus goes to the new errand: its guide when there is one, else its outcome.
      const added = useSession.getState().current?.errands.at(-1);
      if (added) {
        const guide = useGuide.getState().catalog.some((g) => g.errandKind === added.errandKind);
        focusWhenReady(guide ? FOCUS.errandGuide(added.id) : FOCUS.errandOutcome(added.id));
      }
    }
  }

  return (
    <form className="add-errand" onSubmit={(e) => void submit(e)} aria-labelledby="add-errand-title" noValidate>
      <h2 id="add-errand-title">
        {t('visit.addTitle')} <kbd>Alt+R</kbd>
      </h2>
      <div className="field">
        <label htmlFor="errand-agency">{t('visit.agency')}</label>
        <select
          id="errand-agency"
          ref={agencyRef}
          value={agency}
          onChange={(e) => {
            setAgency(e.target.value as Agency);
            setKind('');
          }}
        >
          <option value="">{t('visit.agencyPlaceholder')}</option>
          {AGENCIES.map((a) => (
            <option key={a} value={a}>
              {agencyLabel(t, a)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="errand-kind">{t('visit.errandKind')}</label>
        <select
          id="errand-kind"
          value={kind}
          onChange={(e) => setKind(e.target.value as ErrandKind)}
          // Enter on the chosen errand adds it (a select alone does not submit its form).
          onKeyDown={(e) => {
            if (e.key === 'Enter' && kind) {
              e.preventDefault();
              e.currentTarget.form?.requestSubmit();
            }
          }}
          disabled={!agency}
        >
          <option value="">{t('visit.errandKindPlaceholder')}</option>
          {agency &&
            ERRAND_KINDS[agency].map((k) => (
              <option key={k} value={k}>
                {errandLabel(t, k)}
              </option>
            ))}
        </select>
      </div>
      <button type="submit" disabled={busy}>
        {t('visit.add')}
      </button>
    </form>
  );
}
