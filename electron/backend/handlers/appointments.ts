import { AppError } from '../../../shared/errors';
import { stockholmDate } from '../../../shared/time';
import { requireSetup } from '../rules/setupRequirement';
import { issueTicket, requireQueue } from '../rules/ticketTransitions';
import type { PrefixHandlers } from './types';

export const appointmentsHandlers: PrefixHandlers<'appointments'> = {
  'appointments.book': (input, ctx) => {
    const { officeId } = requireSetup(ctx);
    return ctx.write(() => {
      requireQueue(ctx, officeId, input.queueLetter);
      const localDate = stockholmDate(new Date(input.scheduledAt));
      if (ctx.queue.appointmentByReference(officeId, localDate, input.reference)) {
        throw new AppError('DUPLICATE', [{ path: 'reference', issue: 'duplicate' }]);
      }
      const id = ctx.newId();
      ctx.queue.insertAppointment({
        id,
        officeId,
        queueLetter: input.queueLetter,
        reference: input.reference,
        scheduledAt: new Date(input.scheduledAt).toISOString(),
        localDate,
        agency: input.agency,
        errandKind: input.errandKind,
        createdAt: ctx.now().toISOString(),
      });
      ctx.touch('queue');
      return ctx.queue.appointmentByReference(officeId, localDate, input.reference)!;
    });
  },

  'appointments.checkIn': (input, ctx) => {
    const { officeId } = requireSetup(ctx);
    return ctx.write(() => {
      const appointment = ctx.queue.appointmentByReference(officeId, stockholmDate(ctx.now()), input.reference);
      if (!appointment || appointment.cancelledAt) {
        throw new AppError('APPOINTMENT_NOT_FOUND', [{ path: 'reference', issue: 'not_found' }]);
      }
      if (appointment.ticketId)
        throw new AppError('APPOINTMENT_CHECKED_IN', [{ path: 'reference', issue: 'checked_in' }]);
      const ticket = issueTicket(ctx, officeId, appointment.queueLetter, 'appointment', appointment);
      ctx.queue.checkIn(appointment.id, ticket.id);
      return ticket;
    });
  },
};
