/** What changed, so each window refetches what it shows (pushed, never polled). Kept apart from api.ts so the preload stays free of zod. */
export const TOPICS: readonly string[] = ['setup', 'queue', 'visits', 'guides', 'sync', 'stats'] as const;
/** `stats`: a supervisor's export made progress or ended (issue 12). */
export type Topic = 'setup' | 'queue' | 'visits' | 'guides' | 'sync' | 'stats';
