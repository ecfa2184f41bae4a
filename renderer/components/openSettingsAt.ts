import { useSession } from '../store/session';

/**
 * Opens Settings at one of its sections (the header's sync and hub links), so the officer
 * lands where the status is explained. The route is left as it is: Settings show in any
 * route, and leaving them returns to the view the officer came from. (Changing the hash here
 * made the route change re-initialise the session after Settings opened, which closed them
 * again: from the supervisor's view the link landed on the counter.)
 */
export function openSettingsAt(headingId: string): void {
  useSession.getState().editSetup();
  setTimeout(() => {
    const heading = document.getElementById(headingId);
    heading?.scrollIntoView({ block: 'start' });
    heading?.focus();
  }, 0);
}
