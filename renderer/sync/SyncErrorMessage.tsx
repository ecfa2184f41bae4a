import { useTranslation } from 'react-i18next';
import type { IssueDetail } from '../../shared/errors';
import { ErrorMessage } from '../components/ErrorMessage';
import { useSession } from '../store/session';
import { useSync } from '../store/sync';

/**
 * The Sync section's own error, with the specific reason: the backend sends one detail
 * (an address problem, why enrollment failed, or the field a validation refused), and the
 * catalogue says it in the officer's language. Kept apart from the counter's errors so a
 * failed connection attempt never shows up over a visit.
 */
export function SyncErrorMessage() {
  const { t, i18n } = useTranslation();
  const error = useSync((s) => s.error);
  const dismiss = useSync((s) => s.dismissError);
  const offices = useSession((s) => s.offices);
  const setup = useSession((s) => s.setup);
  if (!error) return null;
  const officeName = (id: string | null | undefined) => offices.find((o) => o.id === id)?.name ?? id ?? '';

  // The Sync section's wording first: "other_office:<id>" names both offices; then sync.issue.* and sync.field.*.
  const describe = (d: IssueDetail): string | null => {
    if (d.issue.startsWith('other_office:'))
      return t('sync.issue.other_office', {
        office: officeName(d.issue.slice('other_office:'.length)),
        current: officeName(setup?.officeId),
      });
    if (i18n.exists(`sync.issue.${d.issue}`)) return t(`sync.issue.${d.issue}`);
    const field = d.path.split('.')[0] ?? '';
    return i18n.exists(`sync.field.${field}`) ? t(`sync.field.${field}`) : null;
  };
  return <ErrorMessage error={error} onDismiss={dismiss} describe={describe} />;
}
