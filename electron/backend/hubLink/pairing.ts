import type { Agent } from 'node:https';
import { AppError, apiError } from '../../../shared/errors';
import { deviceProof, hubConfirmation, pairingKey, sameMac, splitCode } from '../hub/pairingCode';
import { HUB_PATHS } from '../hub/wire';
import { parseHubAddress } from './hubAddress';
import { asApiError, HubTransportError, observeCertificate, pinnedAgent, postJson } from './hubClient';
import type { HubLinkRecord } from './hubLinkFile';

export interface PairingOptions {
  timeoutMs: number;
  pairingCostN: number;
  now(): Date;
}

/**
 * The device's half of pairing (decision 0008): reads the certificate the address presents,
 * derives the code's key with that certificate's fingerprint, proves the code over a
 * connection pinned to it, and accepts the hub only if its answer proves the code too. A
 * man in the middle with another certificate makes the two keys differ, so either side
 * refuses. Returns the link to store, the pinned agent and the device's token; stores nothing.
 */
export async function pairWithHub(
  address: string,
  code: string,
  options: PairingOptions,
): Promise<{ record: HubLinkRecord; agent: Agent; token: string }> {
  const target = parseHubAddress(address);
  if (!target) throw new AppError('VALIDATION', [{ path: 'address', issue: 'invalid_format' }]);
  const { codeId, secret } = splitCode(code);
  try {
    const seen = await observeCertificate(target.host, target.port, options.timeoutMs);
    const key = await pairingKey(secret, codeId, seen.fingerprint, options.pairingCostN);
    const agent = pinnedAgent(seen);
    const answer = await postJson(
      agent,
      { host: target.host, port: target.port, path: HUB_PATHS.pair },
      { codeId, proof: deviceProof(key, codeId) },
      {},
      options.timeoutMs,
    );
    if (answer.status !== 200) {
      agent.destroy();
      const refused = asApiError(answer.body, apiError('HUB_PAIRING_REFUSED'));
      throw new AppError(refused.code, refused.details);
    }
    const paired = answer.body as { deviceId: string; role: string; name: string; token: string; confirmation: string };
    // Whoever answered must know the code too: a stranger with another certificate does not.
    if (
      typeof paired.token !== 'string' ||
      !sameMac(String(paired.confirmation), hubConfirmation(key, paired.deviceId, paired.token))
    ) {
      agent.destroy();
      throw new AppError('HUB_PAIRING_REFUSED', [{ path: 'address', issue: 'hub_not_proven' }]);
    }
    const record: HubLinkRecord = {
      address: target.origin,
      host: target.host,
      port: target.port,
      fingerprint: seen.fingerprint,
      certPem: seen.certPem,
      deviceId: paired.deviceId,
      role: paired.role as HubLinkRecord['role'],
      deviceName: paired.name,
      pairedAt: options.now().toISOString(),
      revokedAt: null,
    };
    return { record, agent, token: paired.token };
  } catch (err) {
    if (err instanceof HubTransportError) {
      throw new AppError(err.kind === 'certificate' ? 'HUB_CERTIFICATE_CHANGED' : 'HUB_UNREACHABLE', [
        { path: 'address', issue: err.kind },
      ]);
    }
    throw err;
  }
}
