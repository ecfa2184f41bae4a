/** The office hub's HTTPS paths: the hub (hosts/hubServer.ts) serves them, devices (hubLink/) call them. */
export const HUB_PATHS = { pair: '/hub/v1/pair', request: '/hub/v1/request', events: '/hub/v1/events' } as const;
