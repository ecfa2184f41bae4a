/**
 * Focus management at the counter: after an action, focus goes where the next action is.
 * The element may appear or become enabled only when the pushed change has been loaded
 * (the serve button enables once the snapshot shows the called ticket), so this waits for
 * it for a short while, then gives up quietly (the officer's focus is never yanked later).
 */
const ATTEMPTS = 80;
const EVERY_MS = 25;

let pending: ReturnType<typeof setTimeout> | undefined;

export function focusWhenReady(selector: string): void {
  clearTimeout(pending);
  let left = ATTEMPTS;
  const attempt = () => {
    const element = document.querySelector<HTMLElement>(selector);
    const usable = element && !(element as HTMLButtonElement).disabled && element.getClientRects().length > 0;
    if (usable) {
      element.focus();
      return;
    }
    if (--left > 0) pending = setTimeout(attempt, EVERY_MS);
  };
  attempt();
}

/** The ids focus is sent to: one table, so a renamed element cannot silently break the flow. */
export const FOCUS = {
  counterChoice: '#counter-choice',
  callNext: '#action-callNext',
  serve: '#action-serve',
  addErrand: '#errand-agency',
  closeVisit: '#close-visit',
  startVisit: '#start-visit',
  waitingTitle: '#waiting-title',
  errandGuide: (errandId: string) => `#guide-open-${errandId}`,
  errandOutcome: (errandId: string) => `#outcome-${errandId}`,
  rowActions: (ticketId: string) => `#row-actions-${ticketId}`,
} as const;
