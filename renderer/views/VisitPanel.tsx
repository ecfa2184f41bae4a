import { useRef, useState, type FormEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { Errand } from '../../shared/api';
import { AGENCIES, ERRAND_KINDS, OUTCOMES, type Agency, type ErrandKind, type Outcome } from '../../shared/domain';
import { stockholmTime } from '../../shared/time';
import { ErrorMessage } from '../components/ErrorMessage';
import { ShortcutButton } from '../components/ShortcutButton';
import { formatDuration } from '../format';
import { agencyLabel, errandLabel, errandTitle, outcomeLabel } from '../labels';
import { useGuide } from '../store/guide';
import { useSession } from '../store/session';
import { useShortcuts } from '../shortcuts';

export function VisitPanel() {
  const { t } = useTranslation();
  const current = useSession((s) => s.current);
  const busy = useSession((s) => s.busy);
  const startVisit = useSession((s) => s.startVisit);
  const closeVisit = useSession((s) => s.closeVisit);
  const agencyRef = useRef<HTMLSelectElement>(null);

  useShortcuts(
    {
      startVisit: () => !current && void startVisit(),
      closeVisit: () => current && void closeVisit(),
      addErrand: () => agencyRef.current?.focus(),
    },
    () => useSession.getState().busy,
  );

  return (
    <section className="panel visit" aria-labelledby="visit-title">
      <h1 id="visit-title">{t('visit.title')}</h1>
      {!current ? (
        <>
          <p>{t('visit.none')}</p>
          <ErrorMessage />
          <ShortcutButton action="startVisit" onClick={() => void startVisit()} disabled={busy}>
            {t('visit.startWithoutTicket')}
          </ShortcutButton>
        </>
      ) : (
        <>
          <p>
            {current.ticketNumber && <span className="ticket-number">{current.ticketNumber}</span>}{' '}
            {t('visit.startedAt', { time: stockholmTime(new Date(current.startedAt)) })}
            {current.waitingSeconds !== null && (
              <> · {t('visit.waited', { time: formatDuration(current.waitingSeconds) })}</>
            )}
            {current.corrections > 0 && <> · {t('visit.correcting')}</>}
          </p>
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
          <ErrorMessage />
          <ShortcutButton action="closeVisit" className="primary" onClick={() => void closeVisit()} disabled={busy}>
            {t('visit.close')}
          </ShortcutButton>
        </>
      )}
    </section>
  );
}

/** Languages most often needed at the offices besides Swedish (ISO 639 codes). */
const SERVICE_LANGUAGES = [
  'ar',
  'so',
  'ti',
  'fa',
  'prs',
  'ps',
  'ku',
  'uk',
  'ru',
  'pl',
  'ro',
  'bs',
  'sq',
  'tr',
  'th',
  'es',
  'en',
  'fi',
  'se',
];

/** The language's own name in the UI language, from the browser's CLDR data. */
function languageName(code: string, uiLanguage: string): string {
  try {
    return new Intl.DisplayNames([uiLanguage], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

function ErrandEditor({ errand }: { errand: Errand }) {
  const { t, i18n } = useTranslation();
  const setOutcome = useSession((s) => s.setOutcome);
  const updateErrand = useSession((s) => s.updateErrand);
  const draft = useSession((s) => s.draftNotes[errand.id]);
  const setDraftNote = useSession((s) => s.setDraftNote);
  const note = draft ?? errand.note ?? '';
  const id = (part: string) => `${part}-${errand.id}`;
  const label = errandTitle(t, errand);
  const hasGuide = useGuide((s) => s.catalog.some((g) => g.errandKind === errand.errandKind));
  const openGuide = useGuide((s) => s.openForErrand);
  const offices = useSession((s) => s.offices);
  return (
    <fieldset className="errand">
      <legend>{label}</legend>
      {hasGuide && (
        <button type="button" className="guide-open" onClick={() => void openGuide(errand.id)}>
          {errand.guideRef ? t('guide.continueForErrand') : t('guide.openForErrand')}
        </button>
      )}
      {errand.referralTo && (
        <p className="hint">
          {t('guide.referredTo', {
            offices: errand.referralTo
              .map((id) =>
                id.startsWith('channel:')
                  ? t(`guide.channel.${id.slice(8)}`)
                  : (offices.find((o) => o.id === id)?.name ?? id),
              )
              .join(', '),
          })}
        </p>
      )}
      <div className="field">
        <label htmlFor={id('outcome')}>{t('visit.outcomeFor', { errand: label })}</label>
        <select
          id={id('outcome')}
          value={errand.outcome ?? ''}
          onChange={(e) => void setOutcome(errand.id, e.target.value as Outcome)}
        >
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
      <div className="flags">
        <label>
          <input
            type="checkbox"
            checked={errand.lacksEid}
            onChange={(e) => void updateErrand(errand.id, { lacksEid: e.target.checked })}
          />{' '}
          {t('visit.lacksEid')}
        </label>
        <label>
          <input
            type="checkbox"
            checked={errand.interpreter}
            onChange={(e) => void updateErrand(errand.id, { interpreter: e.target.checked })}
          />{' '}
          {t('visit.interpreter')}
        </label>
      </div>
      <div className="field">
        <label htmlFor={id('language')}>{t('visit.language')}</label>
        <select
          id={id('language')}
          value={errand.language ?? ''}
          onChange={(e) => void updateErrand(errand.id, { language: e.target.value || null })}
        >
          <option value="">{t('visit.languageSwedish')}</option>
          {SERVICE_LANGUAGES.map((code) => (
            <option key={code} value={code}>
              {languageName(code, i18n.language)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={id('note')}>{t('visit.note')}</label>
        <textarea
          id={id('note')}
          rows={2}
          maxLength={1000}
          autoComplete="off"
          value={note}
          aria-describedby={id('note-hint')}
          onChange={(e) => setDraftNote(errand.id, e.target.value)}
          onBlur={() =>
            note.trim() !== (errand.note ?? '') && void updateErrand(errand.id, { note: note.trim() || null })
          }
        />
        <p id={id('note-hint')} className="hint sensitive">
          {t('visit.noteHint')}
        </p>
      </div>
    </fieldset>
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
