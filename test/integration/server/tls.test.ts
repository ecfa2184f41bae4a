import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { get } from 'node:https';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../server/run';
import { openSqliteStore } from '../../../server/store/sqliteStore';
import { tempDir } from '../../support/temp';

let server: RunningServer | null = null;
afterEach(async () => {
  await server?.close();
  await server?.store.close();
  server = null;
});

/** A self-signed certificate for 127.0.0.1, as an office's IT might make for a test service. */
function selfSigned(dir: string) {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  return { cert: readFileSync(join(dir, 'cert.pem'), 'utf8'), key: readFileSync(join(dir, 'key.pem'), 'utf8') };
}

function httpsJson(url: string, ca: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    get(url, { ca }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    }).on('error', reject);
  });
}

describe('the service over HTTPS', () => {
  it('serves the API over TLS with its own certificate, and nothing in plain HTTP on that port', async () => {
    const tls = selfSigned(tempDir());
    server = await startServer({ store: openSqliteStore(tempDir()), logger: false, tls });
    expect(server.url.startsWith('https://127.0.0.1:')).toBe(true);
    expect(await httpsJson(`${server.url}/v1/health`, tls.cert)).toEqual({
      status: 200,
      body: { status: 'ok', database: 'sqlite' },
    });
    await expect(fetch(`${server.url.replace('https:', 'http:')}/v1/health`)).rejects.toThrow();
  });
});
