import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { AGENCIES, ERRAND_KINDS, OUTCOMES, type Agency, type ErrandKind, type Outcome } from '../../shared/domain';
import { stockholmTime } from '../../shared/time';
import { ErrorMessage } from '../components/ErrorMessage';
import { agencyLabel, errandLabel, errandTitle, outcomeLabel } from '../labels';
import { useSession } from '../store/session';

export function VisitPanel() {
  const { t } = useTranslation();
  const current = useSession((s) => s.current);
  const busy = useSession((s) => s.busy);
  const startVisit = useSession((s) => s.startVisit);
  const closeVisit = useSession((s) => s.closeVisit);

  return (
    <section className="panel visit" aria-labelledby="visit-title">
      <h1 id="visit-title">{t('visit.title')}</h1>
      {!current ? (
        <>
          <p>{t('visit.none')}</p>
          <ErrorMessage />
          <button type="button" className="primary" onClick={() => void startVisit()} disabled={busy}>
            {t('visit.start')}
          </button>
        </>
      ) : (
        <>
          <p>{t('visit.startedAt', { time: stockholmTime(new Date(current.startedAt)) })}</p>
          <h2>{t('visit.errands')}</h2>
          {current.errands.length === 0 ? (
            <p>{t('visit.noErrands')}</p>
          ) : (
            <ul className="plain errands">
              {current.errands.map((errand) => (
                <li key={errand.id}>
                  <OutcomeSelect errandId={errand.id} label={errandTitle(t, errand)} value={errand.outcome} />
                </li>
              ))}
            </ul>
          )}
          <AddErrandForm />
          <ErrorMessage />
          <button type="button" className="primary" onClick={() => void closeVisit()} disabled={busy}>
            {t('visit.close')}
          </button>
        </>
      )}
    </section>
  );
}

function OutcomeSelect({ errandId, label, value }: { errandId: string; label: string; value: Outcome | null }) {
  const { t } = useTranslation();
  const setOutcome = useSession((s) => s.setOutcome);
  const id = `outcome-${errandId}`;
  return (
    <div className="field">
      <label htmlFor={id}>{t('visit.outcomeFor', { errand: label })}</label>
      <select id={id} value={value ?? ''} onChange={(e) => void setOutcome(errandId, e.target.value as Outcome)}>
        <option value="" disabled>
          {t('visit.outcomePlaceholder')}
        </option>
        {OUTCOMES.map((o) => (
          <option key={o} value={o}>
            {outcomeLabel(t, o)}
          </option>
        ))}
      </select>
    </div>
  );
}

function AddErrandForm() {
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
    }
  }

  return (
    <form className="add-errand" onSubmit={(e) => void submit(e)} aria-labelledby="add-errand-title" noValidate>
      <h2 id="add-errand-title">{t('visit.addTitle')}</h2>
      <div className="field">
        <label htmlFor="errand-agency">{t('visit.agency')}</label>
        <select
          id="errand-agency"
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
