import keys from '../../assets/guides/trusted-keys.json';
import { TrustedKeysSchema, type TrustedKey } from './signatures';

/**
 * The publisher keys the app trusts for imported guide packages. They ship inside the
 * signed app; a malformed file is a broken build, so it fails loudly here.
 */
export function bundledTrustedKeys(): TrustedKey[] {
  return TrustedKeysSchema.parse(keys);
}
