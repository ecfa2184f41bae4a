import { GuidePackageSchema, type GuidePackage } from './guide';

/** One authoring mistake, with where it is in the package (e.g. ['guides', 0, 'nodes', 3, 'next', 1, 'to']). */
export interface GuideIssue {
  path: (string | number)[];
  message: string;
}

/**
 * Turns authoring mistakes into errors before a package is used. (Stub: schema only;
 * the graph checks land next.)
 */
export function validatePackage(raw: unknown): { package: GuidePackage | null; issues: GuideIssue[] } {
  const parsed = GuidePackageSchema.safeParse(raw);
  if (!parsed.success)
    return {
      package: null,
      issues: parsed.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message })),
    };
  return { package: parsed.data, issues: [] };
}
