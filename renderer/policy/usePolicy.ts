import { useEffect, useState } from 'react';
import type { PolicyState } from '../../shared/policy';
import { call } from '../api/client';

/**
 * What IT's policy file presets and locks (shared/policy.ts), asked once per page: it is
 * read when the backend starts and does not change while the app runs. The backend
 * enforces the locks; the UI only shows them and stops the officer from trying.
 */
let asked: Promise<PolicyState | null> | null = null;

export function loadPolicy(): Promise<PolicyState | null> {
  asked ??= call('policy.get', {}).catch(() => null);
  return asked;
}

export function usePolicy(): PolicyState | null {
  const [state, setState] = useState<PolicyState | null>(null);
  useEffect(() => {
    let live = true;
    void loadPolicy().then((p) => live && setState(p));
    return () => {
      live = false;
    };
  }, []);
  return state;
}

export function lockedBy(
  state: PolicyState | null,
  key: NonNullable<NonNullable<PolicyState['policy']>['locked']>[number],
) {
  return state?.policy?.locked?.includes(key) ?? false;
}
