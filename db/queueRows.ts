import type { Appointment, Counter, QueueConfig, Ticket } from '../shared/api';
import type { TicketState } from '../shared/queue';

/** The queue tables' rows as SQLite returns them, and their mapping to the contract's types (db/queue.ts). */

export interface QueueRow {
  letter: string;
  name: string;
  agencies: string;
  errand_kinds: string;
  priority: number;
  kiosk: number;
  active: number;
}
export interface CounterRow {
  id: string;
  name: string;
  officer_signature: string | null;
  opened_at: string | null;
}
export interface TicketRow {
  id: string;
  office_id: string;
  local_date: string;
  number: string;
  queue_letter: string;
  state: TicketState;
  source: Ticket['source'];
  issued_at: string;
  appointment_id: string | null;
  appointment_at: string | null;
  counter_id: string | null;
  officer_signature: string | null;
  first_called_at: string | null;
  last_called_at: string | null;
  call_count: number;
  recalled_after_no_show: number;
  service_started_at: string | null;
  ended_at: string | null;
}
export interface AppointmentRow {
  id: string;
  queue_letter: string;
  reference: string;
  scheduled_at: string;
  local_date: string;
  agency: Appointment['agency'];
  errand_kind: Appointment['errandKind'];
  ticket_id: string | null;
  cancelled_at: string | null;
}

export const toQueue = (r: QueueRow): QueueConfig => ({
  letter: r.letter,
  name: r.name,
  agencies: JSON.parse(r.agencies),
  errandKinds: JSON.parse(r.errand_kinds),
  priority: r.priority,
  kiosk: r.kiosk === 1,
  active: r.active === 1,
});
export const toCounter = (r: CounterRow): Counter => ({
  id: r.id,
  name: r.name,
  officerSignature: r.officer_signature,
  openedAt: r.opened_at,
});
export const toTicket = (r: TicketRow): Ticket => ({
  id: r.id,
  number: r.number,
  queueLetter: r.queue_letter,
  state: r.state,
  source: r.source,
  issuedAt: r.issued_at,
  localDate: r.local_date,
  appointmentAt: r.appointment_at,
  counterId: r.counter_id,
  officerSignature: r.officer_signature,
  firstCalledAt: r.first_called_at,
  lastCalledAt: r.last_called_at,
  callCount: r.call_count,
  serviceStartedAt: r.service_started_at,
  endedAt: r.ended_at,
});
export const toAppointment = (r: AppointmentRow): Appointment => ({
  id: r.id,
  queueLetter: r.queue_letter,
  reference: r.reference,
  scheduledAt: r.scheduled_at,
  localDate: r.local_date,
  agency: r.agency,
  errandKind: r.errand_kind,
  ticketId: r.ticket_id,
  cancelledAt: r.cancelled_at,
});
