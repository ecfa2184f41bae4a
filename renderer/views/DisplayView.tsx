import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueue } from '../store/queue';

/** A short two-tone chime, made on the spot (no audio files, works offline). */
function chime() {
  const AudioCtx = window.AudioContext;
  if (!AudioCtx) return;
  const ctx = new AudioCtx();
  [880, 660].forEach((freq, i) => {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.2, ctx.currentTime + i * 0.35);
    gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + i * 0.35 + 0.3);
    osc.connect(gain).connect(ctx.destination);
    osc.start(ctx.currentTime + i * 0.35);
    osc.stop(ctx.currentTime + i * 0.35 + 0.3);
  });
  setTimeout(() => void ctx.close(), 1200);
}

/**
 * The waiting-room screen: the latest called numbers with their counters, and how many
 * wait per queue. Large type, high contrast, updated live when a ticket is called.
 */
export function DisplayView() {
  const { t } = useTranslation();
  const display = useQueue((s) => s.display);
  const [sound, setSound] = useState(false);
  const lastCall = useRef<string | null>(null);
  const latest = display?.recentCalls[0];

  useEffect(() => {
    void useQueue.getState().refreshDisplay();
  }, []);
  useEffect(() => {
    const key = latest ? `${latest.number}@${latest.calledAt}` : null;
    if (key && lastCall.current !== null && key !== lastCall.current && sound) chime();
    lastCall.current = key;
  }, [latest, sound]);

  return (
    <main className="display" id="main">
      <h1 className="visually-hidden">{t('display.title')}</h1>
      <section className="display-now" aria-live="assertive" aria-atomic="true">
        <h2>{t('display.now')}</h2>
        {latest ? (
          <p className="display-latest">
            <span className="display-number">{latest.number}</span>
            <span className="display-arrow" aria-hidden="true">
              →
            </span>
            <span className="display-counter">{latest.counterName}</span>
          </p>
        ) : (
          <p className="display-latest display-idle">{t('display.noneYet')}</p>
        )}
      </section>
      <section className="display-recent">
        <h2>{t('display.earlier')}</h2>
        <ul className="plain">
          {display?.recentCalls.slice(1).map((c) => (
            <li key={`${c.number}@${c.calledAt}`}>
              <span className="display-number-small">{c.number}</span> {c.counterName}
            </li>
          ))}
        </ul>
      </section>
      <section className="display-queues">
        <h2>{t('display.waiting')}</h2>
        <ul className="plain">
          {display?.queues.map((q) => (
            <li key={q.letter}>
              {q.letter} {q.name}: <strong>{q.waiting}</strong>
            </li>
          ))}
        </ul>
      </section>
      <button type="button" className="display-sound" aria-pressed={sound} onClick={() => setSound(!sound)}>
        {sound ? t('display.soundOn') : t('display.soundOff')}
      </button>
    </main>
  );
}
