/** The office hub's HTTPS paths: the hub (hosts/hubServer.ts) serves them, devices (hubLink/) call them. */
export const HUB_PATHS = { pair: '/hub/v1/pair', request: '/hub/v1/request', events: '/hub/v1/events' } as const;
/** The port a hub listens on unless told otherwise; open it in the hub PC's firewall (and the standby's). */
export const DEFAULT_HUB_PORT = 8443;
