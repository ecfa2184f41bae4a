/** The office hub's HTTPS paths: the hub (hosts/hubServer.ts) serves them, devices (hubLink/) call them. */
export const HUB_PATHS = { pair: '/hub/v1/pair', request: '/hub/v1/request', events: '/hub/v1/events' } as const;

/** POST to HUB_PATHS.events: a counter PC's statistics events (hub/eventInbox.ts); GET is the change stream. */
export const HUB_EVENT_BATCH_PATH = HUB_PATHS.events;

/** The officer at a counter device, sent with each of its requests (the hub never stores it as its own). */
export const OFFICER_HEADER = 'x-lucka-officer';
/** The port a hub listens on unless told otherwise; open it in the hub PC's firewall (and the standby's). */
export const DEFAULT_HUB_PORT = 8443;
/**
 * How long an idle connection from a device stays open at the hub. An officer calls the
 * next visitor every few minutes, not every minute: with Node's default (72 s at Fastify)
 * nearly every call would open a new TLS connection first. Ten minutes, and the device
 * closes its side a little earlier (HUB_CLIENT_IDLE_MS), so it never sends on a
 * connection the hub is closing at that moment.
 */
export const HUB_KEEP_ALIVE_MS = 10 * 60_000;
export const HUB_CLIENT_IDLE_MS = HUB_KEEP_ALIVE_MS - 30_000;
