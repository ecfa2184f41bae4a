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
      const handler = action && ref.current[action];
      if (handler) {
        event.preventDefault();
        // One request at a time: a shortcut pressed while one is under way does nothing.
        if (!busy.current()) handler();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
