import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ShortcutButton } from '../components/ShortcutButton';
import { FOCUS, focusWhenReady } from '../focus';
import { myTicket, useQueue } from '../store/queue';
import { useSession } from '../store/session';
import { useShortcuts } from '../shortcuts';

/**
 * The top of the counter screen: which counter this is, the ticket it holds and the
 * actions on it. It never scrolls away. After each action focus goes to the next one:
 * call → serve; serve → the visit's first errand; no-show or back in queue → call next.
 */
export function CounterBar() {
  const { t } = useTranslation();
  const counterId = useQueue((s) => s.counterId);
  const counter = useQueue((s) => s.snapshot?.counters.find((c) => c.id === s.counterId) ?? null);
  const mine = useQueue(myTicket);
  const busy = useSession((s) => s.busy);
  const q = useQueue.getState();

  const callNext = async () => {
    // Called: serve is next. Nobody waiting: stay on "Kalla nästa" (it was disabled while busy).
    focusWhenReady((await q.callNext()) ? FOCUS.serve : FOCUS.callNext);
  };
  const serve = async () => {
    await q.serve();
    focusWhenReady(FOCUS.addErrand);
  };
  const thenCallNext = async (action: () => Promise<void>) => {
    await action();
    focusWhenReady(FOCUS.callNext);
  };

  useShortcuts(
    {
      callNext: () => counterId && !mine && void callNext(),
      recall: () => mine && void q.recall(mine.id),
      serve: () => mine?.state === 'called' && void serve(),
      noShow: () => mine?.state === 'called' && void thenCallNext(q.noShow),
      requeue: () => mine?.state === 'called' && void thenCallNext(q.requeue),
    },
    () => useSession.getState().busy,
  );

  return (
    <section className="counter-bar" aria-label={t('queue.actionsLabel')}>
      <CounterPicker />
      <div className="my-ticket" role="status" aria-live="polite">
        {!counter ? (
          t('queue.noCounter')
        ) : mine ? (
          <>
            <span className="ticket-number">{mine.number}</span>{' '}
            {t(mine.state === 'serving' ? 'queue.serving' : 'queue.called', {
              count: mine.callCount,
              counter: counter.name,
            })}
          </>
        ) : (
          t('queue.free', { counter: counter.name })
        )}
      </div>
      <div className="actions" role="group" aria-label={t('queue.actionsLabel')}>
        <ShortcutButton
          id="action-callNext"
          action="callNext"
          className="primary"
          disabled={busy || !counter || !!mine}
          onClick={() => void callNext()}
        >
          {t('queue.callNext')}
        </ShortcutButton>
        <ShortcutButton
          action="recall"
          disabled={busy || !mine || mine.state !== 'called'}
          onClick={() => mine && void q.recall(mine.id)}
        >
          {t('queue.recall')}
        </ShortcutButton>
        <ShortcutButton
          id="action-serve"
          action="serve"
          disabled={busy || mine?.state !== 'called'}
          onClick={() => void serve()}
        >
          {t('queue.serve')}
        </ShortcutButton>
        <ShortcutButton
          action="noShow"
          disabled={busy || mine?.state !== 'called'}
          onClick={() => void thenCallNext(q.noShow)}
        >
          {t('queue.noShow')}
        </ShortcutButton>
        <ShortcutButton
          action="requeue"
          disabled={busy || mine?.state !== 'called'}
          onClick={() => void thenCallNext(q.requeue)}
        >
          {t('queue.requeue')}
        </ShortcutButton>
      </div>
    </section>
  );
}

function CounterPicker() {
  const { t } = useTranslation();
  const counters = useQueue((s) => s.snapshot?.counters);
  const counterId = useQueue((s) => s.counterId);
  const officer = useSession((s) => s.setup?.officerSignature);
  const [choice, setChoice] = useState('');
  const counter = counters?.find((c) => c.id === counterId);
  if (counter) {
    return (
      <p className="counter-line">
        <span>{t('queue.atCounter', { counter: counter.name, officer })}</span>
        <button type="button" className="small" onClick={() => void useQueue.getState().closeCounter()}>
          {t('queue.closeCounter')}
        </button>
      </p>
    );
  }
  return (
    <form
      className="counter-line"
      onSubmit={(e) => {
        e.preventDefault();
        if (choice)
          void useQueue
            .getState()
            .chooseCounter(choice)
            .then(() => focusWhenReady(FOCUS.callNext));
      }}
    >
      <label htmlFor="counter-choice">{t('queue.counter')}</label>
      <select id="counter-choice" value={choice} onChange={(e) => setChoice(e.target.value)}>
        <option value="">{t('queue.counterPlaceholder')}</option>
        {(counters ?? []).map((c) => (
          <option key={c.id} value={c.id} disabled={!!c.officerSignature && c.officerSignature !== officer}>
            {c.name}
            {c.officerSignature ? ` (${c.officerSignature})` : ''}
          </option>
        ))}
      </select>
      <button type="submit">{t('queue.openCounter')}</button>
    </form>
  );
}
