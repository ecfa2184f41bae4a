import { describe, expect, it } from 'vitest';
import { PortClient } from '../../../electron/portClient';

describe('PortClient', () => {
  it('pairs replies with requests by id, whatever order they come back in', async () => {
    const client = new PortClient();
    const { port1: backend, port2 } = new MessageChannel();
    const held: { id: number; channel: string }[] = [];
    backend.onmessage = (e: MessageEvent) => {
      held.push(e.data);
      if (held.length === 2)
        for (const m of held.reverse()) backend.postMessage({ id: m.id, ok: true, result: m.channel });
    };
    client.attach(port2);
    const [a, b] = await Promise.all([client.request('one', {}), client.request('two', {})]);
    expect(a).toMatchObject({ result: 'one' });
    expect(b).toMatchObject({ result: 'two' });
    backend.close();
  });

  it('answers BACKEND_UNAVAILABLE when the backend does not reply in time', async () => {
    const client = new PortClient(50);
    const { port1: silent, port2 } = new MessageChannel();
    client.attach(port2);
    expect(await client.request('app.status', {})).toMatchObject({ ok: false, error: { code: 'BACKEND_UNAVAILABLE' } });
    silent.close();
  });

  it('ignores replies it did not ask for', async () => {
    const client = new PortClient(100);
    const { port1: backend, port2 } = new MessageChannel();
    backend.onmessage = (e: MessageEvent) => {
      backend.postMessage({ id: 9999, ok: true, result: 'forged' });
      backend.postMessage('garbage');
      backend.postMessage({ id: e.data.id, ok: true, result: 'real' });
    };
    client.attach(port2);
    expect(await client.request('x', {})).toMatchObject({ result: 'real' });
    backend.close();
  });
});
