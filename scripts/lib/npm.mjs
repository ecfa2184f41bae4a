// Runs npm from a script on every platform. On Windows `npm` is `npm.cmd`, a batch file,
// and since Node's fix for CVE-2024-27980 execFile/spawn refuse a .cmd without a shell
// (EINVAL). So npm's own JavaScript entry is run with this Node instead: no shell, no
// quoting rules, the same on Windows and Linux.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { posix, win32 } from 'node:path';

/**
 * The command that runs npm: [program, ...leading args]. `npm_execpath` is set by npm for
 * the scripts it runs (and points at npm-cli.js); otherwise npm sits beside Node
 * (Windows: <node dir>\node_modules\npm; Unix: <prefix>/lib/node_modules/npm).
 */
export function npmCommand({
  platform = process.platform,
  execPath = process.execPath,
  env = process.env,
  exists = existsSync,
} = {}) {
  const fromNpm = env.npm_execpath;
  if (fromNpm && /\.(c?js|mjs)$/.test(fromNpm) && exists(fromNpm)) return [execPath, fromNpm];
  const { dirname, join } = platform === 'win32' ? win32 : posix;
  const beside = [
    join(dirname(execPath), 'node_modules', 'npm', 'bin', 'npm-cli.js'),
    join(dirname(execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
  ];
  const cli = beside.find((p) => exists(p));
  if (cli) return [execPath, cli];
  // Last resort: a plain `npm` on the PATH (never npm.cmd without a shell).
  if (platform === 'win32') throw new Error('npm-cli.js not found beside node.exe; run the script through npm');
  return ['npm'];
}

/** `npm <args>` with inherited output; throws when it fails. */
export function runNpm(args, options = {}) {
  const [program, ...lead] = npmCommand();
  execFileSync(program, [...lead, ...args], { stdio: 'inherit', ...options });
}
