import { readFileSync } from 'node:fs';
import { posix, win32 } from 'node:path';
import { PolicySchema, type PolicyState } from '../../shared/policy';

/**
 * Where IT puts the policy: machine-wide, writable by administrators only. `--policy=PATH`
 * or LUCKA_POLICY override it (tests, and a site that keeps it elsewhere).
 */
export function policyPath(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): string {
  const flag = argv.find((a) => a.startsWith('--policy='))?.slice('--policy='.length);
  if (flag) return flag;
  if (env.LUCKA_POLICY) return env.LUCKA_POLICY;
  if (platform === 'win32') return win32.join(env.ProgramData ?? 'C:\\ProgramData', 'Lucka', 'policy.json');
  return posix.join('/etc', 'lucka', 'policy.json');
}

/**
 * Reads and validates the policy. No file: no policy. A file that is not JSON or fails
 * the schema is ignored whole (nothing from it applies, rather than half of it), and
 * `error` names each wrong field.
 */
export function loadPolicy(path: string): PolicyState {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { path, policy: null, error: null };
    return { path, policy: null, error: `cannot be read: ${(err as Error).message}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, '')); // Notepad writes a byte-order mark
  } catch (err) {
    return { path, policy: null, error: `is not valid JSON: ${(err as Error).message}` };
  }
  const parsed = PolicySchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const field = i.path.join('.') || '(the file)';
      const keys = 'keys' in i && Array.isArray(i.keys) ? ` (${i.keys.join(', ')})` : '';
      return `${field}: ${i.message}${keys}`;
    });
    return { path, policy: null, error: problems.join('; ') };
  }
  return { path, policy: parsed.data, error: null };
}
