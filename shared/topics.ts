/** What changed, so each window refetches what it shows (pushed, never polled). Kept apart from api.ts so the preload stays free of zod. */
export const TOPICS: readonly string[] = ['setup', 'queue', 'visits', 'guides', 'sync', 'hub', 'stats'] as const;
/**
 * `hub`: this installation's link to its office hub, or the hub's device list, changed.
 * `stats`: a supervisor's export made progress or ended.
 */
export type Topic = 'setup' | 'queue' | 'visits' | 'guides' | 'sync' | 'hub' | 'stats';
