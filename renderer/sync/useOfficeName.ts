import { useCallback } from 'react';
import { officeShortName } from '../labels';
import { useSession } from '../store/session';
import type { OfficeName } from './syncText';

/** Office ids as the officer reads them in the sync status ("Växjö Araby"), from the registry in use. */
export function useOfficeName(): OfficeName {
  const offices = useSession((s) => s.offices);
  return useCallback(
    (id: string) => {
      const office = offices.find((o) => o.id === id);
      return office ? officeShortName(office) : id;
    },
    [offices],
  );
}
