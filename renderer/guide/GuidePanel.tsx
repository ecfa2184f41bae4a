import { useCallback, useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { walk, type WalkContext } from '../../shared/guideWalk';
import { stockholmDate } from '../../shared/time';
import { ErrorMessage } from '../components/ErrorMessage';
import { FOCUS, focusWhenReady } from '../focus';
import { ShortcutButton } from '../components/ShortcutButton';
import { agencyLabel } from '../labels';
import { useGuide } from '../store/guide';
import { useSession } from '../store/session';
import { useShortcuts } from '../shortcuts';
import { GuideLookup } from './GuideLookup';
import { GuideOutcome } from './GuideOutcome';
import { GuidePath } from './GuidePath';
import { GuideStep } from './GuideStep';
import { useGuideText } from './texts';

/** The guided e-service view, in place of the visit panel: the queue stays in view beside it. */
export function GuidePanel() {
  const { t } = useTranslation();
  const bundle = useGuide((s) => s.bundle);
  const mode = useGuide((s) => s.mode);
  const closeGuide = useGuide((s) => s.close);
  // Back at the visit, the keyboard is where it left: the errand's guide button.
  const close = useCallback(() => {
    const errandId = useGuide.getState().errandId;
    closeGuide();
    if (errandId) focusWhenReady(FOCUS.errandGuide(errandId));
  }, [closeGuide]);
  // Esc leaves the guide (answers are only in memory; nothing is recorded until the officer says so).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.repeat) close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [close]);
  return (
    <section className="panel visit guide" aria-labelledby="guide-title">
      <div className="panel-head">
        <h1 id="guide-title">{mode === 'errand' ? t('guide.titleErrand') : t('guide.titleLookup')}</h1>
        <button type="button" onClick={close} aria-keyshortcuts="Escape">
          {mode === 'errand' ? t('guide.backToVisit') : t('guide.close')} <kbd>Esc</kbd>
        </button>
      </div>
      {bundle ? <GuideWalk /> : <GuideLookup />}
    </section>
  );
}

function GuideWalk() {
  const { t } = useTranslation();
  const bundle = useGuide((s) => s.bundle)!;
  const mode = useGuide((s) => s.mode);
  const answers = useGuide((s) => s.answers);
  const previous = useGuide((s) => s.previous);
  const answer = useGuide((s) => s.answer);
  const back = useGuide((s) => s.back);
  const record = useGuide((s) => s.record);
  const busy = useSession((s) => s.busy);
  const offices = useSession((s) => s.offices);
  const officeId = useSession((s) => s.setup?.officeId);
  const text = useGuideText(bundle);
  const capabilities = offices.find((o) => o.id === officeId)?.capabilities;
  const ctx: WalkContext = useMemo(
    () => ({ capabilities: capabilities ?? [], today: stockholmDate(new Date()) }),
    [capabilities],
  );
  const state = useMemo(() => walk(bundle.guide, ctx, answers), [bundle, ctx, answers]);
  const lastAnswered = [...state.path].reverse().find((s) => s.route !== 'otherwise');
  const goBack = () => lastAnswered && back(lastAnswered.node.id);

  useShortcuts({ guideBack: goBack }, () => useSession.getState().busy);

  // Saved: focus goes to the next errand still without an outcome (its guide, else its outcome), else "Avsluta besök".
  const saveOutcome = async () => {
    if (!(await record())) return;
    const next = useSession.getState().current?.errands.find((e) => !e.outcome);
    const hasGuide = next && useGuide.getState().catalog.some((g) => g.errandKind === next.errandKind);
    focusWhenReady(!next ? FOCUS.closeVisit : hasGuide ? FOCUS.errandGuide(next.id) : FOCUS.errandOutcome(next.id));
  };
  // At the outcome, focus is on saving it: Enter records and goes on.
  useEffect(() => {
    if (state.outcome && mode === 'errand') focusWhenReady('#guide-record');
  }, [state.outcome, mode]);

  return (
    <>
      <p className="guide-meta">
        <strong>{text(bundle.guide.title)}</strong> · {agencyLabel(t, bundle.packageId.toUpperCase())} ·{' '}
        {bundle.verifiedOn
          ? t('guide.version', { version: bundle.version, verifiedOn: bundle.verifiedOn })
          : t('guide.versionUnverified', { version: bundle.version })}
      </p>
      <div className="guide-body">
        <GuidePath bundle={bundle} steps={state.path} />
        <div className="guide-current">
          {state.outcome ? (
            <GuideOutcome bundle={bundle} node={state.outcome} />
          ) : state.deadEnd ? (
            <p role="alert">{t('guide.deadEnd')}</p>
          ) : (
            <GuideStep
              key={state.current.id}
              bundle={bundle}
              node={state.current}
              ctx={ctx}
              answers={answers}
              previous={previous[state.current.id]}
              onAnswer={(value) => answer(state.current.id, value)}
            />
          )}
        </div>
      </div>
      <ErrorMessage />
      <div className="actions">
        <ShortcutButton action="guideBack" onClick={goBack} disabled={!lastAnswered || busy}>
          {t('guide.back')}
        </ShortcutButton>
        {state.outcome && mode === 'errand' && (
          <button
            type="button"
            id="guide-record"
            className="primary"
            onClick={() => void saveOutcome()}
            disabled={busy}
          >
            {t('guide.record')}
          </button>
        )}
      </div>
    </>
  );
}
