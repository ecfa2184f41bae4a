import type { Visit } from '../shared/api';
import type { Agency, Outcome } from '../shared/domain';

export interface LogFilter {
  agency: Agency | '';
  outcome: Outcome | '';
  counterId: string;
  officer: string;
  /** Free text matched against the errand kinds' labels in the current language. */
  search: string;
}

export const NO_FILTER: LogFilter = { agency: '', outcome: '', counterId: '', officer: '', search: '' };

/**
 * Today's log is one office-day (hundreds of visits at most), so it is filtered here,
 * in the officer's language; a visit matches when one of its errands matches them all.
 */
export function filterVisits(visits: Visit[], f: LogFilter, label: (errandKind: string) => string): Visit[] {
  const needle = f.search.trim().toLocaleLowerCase('sv');
  return visits.filter(
    (v) =>
      (!f.counterId || v.counterId === f.counterId) &&
      (!f.officer || v.officerSignature === f.officer) &&
      (v.errands.length === 0
        ? !f.agency && !f.outcome && !needle
        : v.errands.some(
            (e) =>
              (!f.agency || e.agency === f.agency) &&
              (!f.outcome || e.outcome === f.outcome) &&
              (!needle || label(e.errandKind).toLocaleLowerCase('sv').includes(needle)),
          )),
  );
}
