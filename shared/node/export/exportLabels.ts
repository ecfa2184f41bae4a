import type { Agency } from '../../domain';
import type { OutcomeColumn } from '../../stats';

/**
 * The words of the statistics export: sheet names, column headers and the notes sheet.
 * The backend has no i18n runtime, so the export keeps its own small catalogue here;
 * the files must read the same whichever window asked for them.
 */

export type ExportLang = 'sv' | 'en';

export interface ExportLabels {
  sheets: {
    days: string;
    errandKinds: string;
    hours: string;
    waiting: string;
    notes: string;
    visits: string;
  };
  /** The date cell of the last row of the days table. */
  total: string;
  /** The office cell of the whole country's rows in the central service's national table. */
  national: string;
  /** Agency names as written in cells (proper names: the same in both languages). */
  agencies: Record<Agency, string>;
  /** Outcome names, as column headers and as the visits table's outcome cells. */
  outcomes: Record<OutcomeColumn, string>;
  columns: {
    date: string;
    arrived: string;
    served: string;
    noShows: string;
    noShowShare: string;
    errands: string;
    errandsByAgency: Record<Agency, string>;
    avgWait: string;
    maxWait: string;
    overServiceLevelShare: string;
    avgService: string;
    withoutEid: string;
    interpreter: string;
    agency: string;
    errandKind: string;
    hour: string;
    /** The autumn change day's two 02 hours, in the hour column's label. */
    summerTime: string;
    winterTime: string;
    waitingTime: string;
    visits: string;
    arrivedTime: string;
    ticketNumber: string;
    waiting: string;
    service: string;
    position: string;
    visitNumber: string;
    outcome: string;
    note: string;
  };
  notes: {
    office: string;
    range: string;
    serviceLevel: string;
    generatedAt: string;
    /** How the figures were counted (docs/domain.md, "Statistics"), one line each. */
    definitions: readonly string[];
  };
}

const AGENCY_NAMES: Record<Agency, string> = {
  AF: 'Arbetsförmedlingen',
  FK: 'Försäkringskassan',
  MV: 'Migrationsverket',
  PM: 'Pensionsmyndigheten',
  SKV: 'Skatteverket',
};

const sv: ExportLabels = {
  sheets: {
    days: 'Dagar',
    errandKinds: 'Ärendetyper',
    hours: 'Timmar',
    waiting: 'Väntetider',
    notes: 'Noter',
    visits: 'Besök',
  },
  total: 'Totalt',
  national: 'Hela landet',
  agencies: AGENCY_NAMES,
  outcomes: {
    done: 'Klart',
    referred: 'Hänvisad',
    booked: 'Tid bokad',
    needs_documents: 'Komplettering',
    cancelled: 'Avbrutet',
    none: 'Utan utfall',
  },
  columns: {
    date: 'Datum',
    arrived: 'Ankomna',
    served: 'Betjänade',
    noShows: 'Uteblivna',
    noShowShare: 'Andel uteblivna',
    errands: 'Ärenden',
    errandsByAgency: {
      AF: 'Ärenden Arbetsförmedlingen',
      FK: 'Ärenden Försäkringskassan',
      MV: 'Ärenden Migrationsverket',
      PM: 'Ärenden Pensionsmyndigheten',
      SKV: 'Ärenden Skatteverket',
    },
    avgWait: 'Medelväntetid (min)',
    maxWait: 'Längsta väntetid (min)',
    overServiceLevelShare: 'Andel över servicenivå',
    avgService: 'Medelbetjäningstid (min)',
    withoutEid: 'Utan e-legitimation',
    interpreter: 'Tolk användes',
    agency: 'Myndighet',
    errandKind: 'Ärendetyp',
    hour: 'Timme',
    summerTime: 'sommartid',
    winterTime: 'vintertid',
    waitingTime: 'Väntetid',
    visits: 'Besök',
    arrivedTime: 'Ankomsttid',
    ticketNumber: 'Kölapp',
    waiting: 'Väntetid (min)',
    service: 'Betjäningstid (min)',
    position: 'Ärende nr',
    visitNumber: 'Besök nr',
    outcome: 'Utfall',
    note: 'Not',
  },
  notes: {
    office: 'Kontor',
    range: 'Period',
    serviceLevel: 'Servicenivå',
    generatedAt: 'Skapad',
    definitions: [
      'Dagar är kalenderdagar i Europe/Stockholm (svensk tid), även dagarna då sommartid börjar och slutar.',
      'Ett besök som pågår över midnatt räknas på den dag kölappen togs.',
      'Rättade besök räknas en gång, i sin rättade form.',
      'Väntetid = första uppropet − när kölappen togs (senaste uppropet om besökaren ropades upp igen efter att ha uteblivit).',
      'Betjäningstid = betjäningens slut − betjäningens start.',
      'Besök och ärenden räknas var för sig och blandas aldrig: ett besök kan ha flera ärenden.',
      'Exporten innehåller inga personuppgifter: inga personnummer, namn eller adresser.',
    ],
  },
};

const en: ExportLabels = {
  sheets: {
    days: 'Days',
    errandKinds: 'Errand kinds',
    hours: 'Hours',
    waiting: 'Waiting times',
    notes: 'Notes',
    visits: 'Visits',
  },
  total: 'Total',
  national: 'Whole country',
  agencies: AGENCY_NAMES,
  outcomes: {
    done: 'Done',
    referred: 'Referred',
    booked: 'Appointment booked',
    needs_documents: 'Needs documents',
    cancelled: 'Cancelled',
    none: 'No outcome',
  },
  columns: {
    date: 'Date',
    arrived: 'Arrived',
    served: 'Served',
    noShows: 'No-shows',
    noShowShare: 'No-show share',
    errands: 'Errands',
    errandsByAgency: {
      AF: 'Errands Arbetsförmedlingen',
      FK: 'Errands Försäkringskassan',
      MV: 'Errands Migrationsverket',
      PM: 'Errands Pensionsmyndigheten',
      SKV: 'Errands Skatteverket',
    },
    avgWait: 'Average waiting time (min)',
    maxWait: 'Max waiting time (min)',
    overServiceLevelShare: 'Share over service level',
    avgService: 'Average service time (min)',
    withoutEid: 'Without e-ID',
    interpreter: 'Interpreter used',
    agency: 'Agency',
    errandKind: 'Errand kind',
    hour: 'Hour',
    summerTime: 'summer time',
    winterTime: 'winter time',
    waitingTime: 'Waiting time',
    visits: 'Visits',
    arrivedTime: 'Arrival time',
    ticketNumber: 'Ticket',
    waiting: 'Waiting time (min)',
    service: 'Service time (min)',
    position: 'Errand no.',
    visitNumber: 'Visit no.',
    outcome: 'Outcome',
    note: 'Note',
  },
  notes: {
    office: 'Office',
    range: 'Period',
    serviceLevel: 'Service level',
    generatedAt: 'Generated',
    definitions: [
      'Days are calendar days in Europe/Stockholm (Swedish time), including the days daylight saving time starts and ends.',
      'A visit that crosses midnight counts on the day its ticket was issued.',
      'Corrected visits count once, in their corrected form.',
      'Waiting time = first call − ticket issued (the last call when the visitor was called again after a no-show).',
      'Service time = service end − service start.',
      'Visits and errands are counted separately and never mixed: one visit can have several errands.',
      'The export holds no personal data: no personal identity numbers, names or addresses.',
    ],
  },
};

export const EXPORT_LABELS: Record<ExportLang, ExportLabels> = { sv, en };
