import type { ChannelName } from './api';

/**
 * What each kind of window may ask the backend. The kiosk and the waiting-room display
 * stand in public: they get only what they show, never the case log or its notes.
 */
export const WINDOW_ROLES = ['counter', 'kiosk', 'display'] as const;
export type WindowRole = (typeof WINDOW_ROLES)[number];

export const CHANNELS_FOR_ROLE: Record<WindowRole, readonly ChannelName[] | 'all'> = {
  counter: 'all',
  kiosk: ['app.status', 'setup.get', 'queue.kiosk', 'tickets.issue', 'appointments.checkIn'],
  display: ['app.status', 'setup.get', 'queue.display'],
};

export function isWindowRole(value: unknown): value is WindowRole {
  return typeof value === 'string' && (WINDOW_ROLES as readonly string[]).includes(value);
}
