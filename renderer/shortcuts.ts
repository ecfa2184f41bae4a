import { useEffect, useRef } from 'react';

/**
 * Counter actions on Alt+letter, so an officer never needs the mouse. Each button shows
 * its key (<kbd>) and declares it (aria-keyshortcuts), from the same table.
 */
export const SHORTCUTS = {
  callNext: 'N',
  recall: 'U',
  serve: 'B',
  noShow: 'E',
  requeue: 'K',
  issue: 'L',
  startVisit: 'S',
  closeVisit: 'A',
  addErrand: 'R',
  guideBack: 'T',
  guideLookup: 'G',
  openGuide: 'O',
} as const;
export type ShortcutAction = keyof typeof SHORTCUTS;

export const ariaShortcut = (action: ShortcutAction) => `Alt+${SHORTCUTS[action]}`;

export function useShortcuts(
  handlers: Partial<Record<ShortcutAction, () => void>>,
  isBusy: () => boolean = () => false,
): void {
  const ref = useRef(handlers);
  const busy = useRef(isBusy);
  useEffect(() => {
    ref.current = handlers;
    busy.current = isBusy;
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      // Held keys repeat: one press, one action (a held Alt+L must not issue fifty tickets).
      if (!event.altKey || event.ctrlKey || event.metaKey || event.repeat) return;
      const key = event.code.startsWith('Key') ? event.code.slice(3) : event.key.toUpperCase();
      const action = (Object.keys(SHORTCUTS) as ShortcutAction[]).find((a) => SHORTCUTS[a] === key);
      if (!action || !ref.current[action]) return;
      event.preventDefault();
      // One request at a time: a shortcut pressed while one is under way waits for it
      // (the latest press only, for up to two seconds), then runs against fresh state.
      pending = action;
      waitedMs = 0;
      runWhenIdle();
    };
    let pending: ShortcutAction | null = null;
    let waitedMs = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const runWhenIdle = () => {
      clearTimeout(timer);
      if (!pending) return;
      if (busy.current()) {
        if (waitedMs >= 2000) {
          pending = null;
          return;
        }
        waitedMs += 25;
        timer = setTimeout(runWhenIdle, 25);
        return;
      }
      const action = pending;
      pending = null;
      ref.current[action]?.();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('keydown', onKey);
    };
  }, []);
}
