import { useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Errand } from '../../shared/api';
import { OUTCOMES, OVERRIDE_REASONS, type Outcome, type OverrideReason } from '../../shared/domain';
import { FOCUS, focusWhenReady } from '../focus';
import { errandTitle, outcomeLabel } from '../labels';
import { useGuide } from '../store/guide';
import { useSession } from '../store/session';
import { ariaShortcut } from '../shortcuts';

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

/**
 * The language's name in the UI language, from the browser's CLDR data, capitalised like the
 * list's "Svenska"; the catalogue names the few the browser may not know (it would show "se").
 */
function languageName(code: string, uiLanguage: string, t: TFunction): string {
  const own = t(`visit.languageNames.${code}`, { defaultValue: '' });
  let name = own;
  if (!name) {
    try {
      name = new Intl.DisplayNames([uiLanguage], { type: 'language', fallback: 'none' }).of(code) ?? code;
    } catch {
      name = code;
    }
  }
  return name.charAt(0).toLocaleUpperCase(uiLanguage) + name.slice(1);
}

/** One errand of the visit in hand: its guide, outcome (a reason when it overrides the guide), flags, language and note. */
export function ErrandEditor({ errand }: { errand: Errand }) {
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
  const [overriding, setOverriding] = useState<Outcome | null>(null);
  return (
    <fieldset className="errand">
      <legend>{label}</legend>
      {hasGuide && (
        <button
          type="button"
          id={`guide-open-${errand.id}`}
          className="guide-open"
          aria-keyshortcuts={ariaShortcut('openGuide')}
          onClick={() => void openGuide(errand.id)}
        >
          {!errand.guideRef
            ? t('guide.openForErrand')
            : errand.outcome
              ? t('guide.walkAgain')
              : t('guide.continueForErrand')}
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
          value={overriding ?? errand.outcome ?? ''}
          onChange={(e) => {
            const outcome = e.target.value as Outcome;
            // Another outcome than the guide reached asks why first (OverrideReasonForm).
            if (errand.guideOutcome && outcome !== errand.guideOutcome) setOverriding(outcome);
            else {
              setOverriding(null);
              void setOutcome(errand.id, outcome);
            }
          }}
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
        {errand.guideOutcome && errand.outcomeReason && !overriding && (
          <p className="hint">
            {t('visit.overridden', {
              outcome: outcomeLabel(t, errand.guideOutcome),
              reason: t(`overrideReason.${errand.outcomeReason}`),
            })}
          </p>
        )}
      </div>
      {overriding && errand.guideOutcome && (
        <OverrideReasonForm
          errand={errand}
          outcome={overriding}
          onDone={() => {
            setOverriding(null);
            focusWhenReady(FOCUS.errandOutcome(errand.id));
          }}
        />
      )}
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
              {languageName(code, i18n.language, t)}
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

/** Overriding the guide's outcome: a reason from a fixed list (no free text), then save, or cancel. */
function OverrideReasonForm({ errand, outcome, onDone }: { errand: Errand; outcome: Outcome; onDone(): void }) {
  const { t } = useTranslation();
  const setOutcome = useSession((s) => s.setOutcome);
  const busy = useSession((s) => s.busy);
  const [reason, setReason] = useState<OverrideReason | ''>('');
  const id = `override-${errand.id}`;
  return (
    <div className="override" role="group" aria-labelledby={`${id}-title`}>
      <p id={`${id}-title`} className="override-title">
        {t('visit.overrideTitle', {
          outcome: outcomeLabel(t, errand.guideOutcome!),
          chosen: outcomeLabel(t, outcome),
        })}
      </p>
      <label htmlFor={`${id}-reason`}>{t('visit.overrideReason')}</label>
      <div className="button-row">
        <select
          id={`${id}-reason`}
          value={reason}
          autoFocus
          onChange={(e) => setReason(e.target.value as OverrideReason)}
        >
          <option value="">{t('visit.overrideReasonPlaceholder')}</option>
          {OVERRIDE_REASONS.map((r) => (
            <option key={r} value={r}>
              {t(`overrideReason.${r}`)}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="primary"
          disabled={!reason || busy}
          onClick={() => void setOutcome(errand.id, outcome, reason || undefined).then((ok) => ok && onDone())}
        >
          {t('visit.overrideSave')}
        </button>
        <button type="button" onClick={onDone}>
          {t('visit.overrideCancel')}
        </button>
      </div>
    </div>
  );
}
