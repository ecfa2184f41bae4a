import { useTranslation } from 'react-i18next';
import type { ApiError, IssueDetail } from '../../shared/errors';
import { useSession } from '../store/session';

/**
 * The last typed error, in the officer's language: the error's own message plus one
 * line per detail the catalogue can explain (a field, a missing outcome, why the
 * database could not open).
 */
export function ErrorMessage(props: {
  error?: ApiError | null;
  onDismiss?: () => void;
  /** A view's own wording for some details (tried first); null falls back to the common catalogue. */
  describe?: (detail: IssueDetail) => string | null;
}) {
  const { t, i18n } = useTranslation();
  const sessionError = useSession((s) => s.error);
  const dismissSession = useSession((s) => s.dismissError);
  // A view with its own errors (the supervisor's) passes them in; everything else shows the session's.
  const error = props.onDismiss ? props.error : sessionError;
  const dismiss = props.onDismiss ?? dismissSession;
  if (!error) return null;

  const lines = (error.details ?? []).flatMap((d) => {
    const own = props.describe?.(d);
    if (own) return [own];
    const field = d.path.split('.')[0] ?? '';
    const position = d.path.split('.')[1];
    if (i18n.exists(`errors.issue.${d.issue}`)) return [t(`errors.issue.${d.issue}`, { position })];
    // A field's rule ("3–20 letters …") explains a value that was refused for its form, not
    // one that was well formed but unknown (a booking number that is not booked today).
    if (error.code === 'VALIDATION' && i18n.exists(`errors.field.${field}`)) return [t(`errors.field.${field}`)];
    return [];
  });

  return (
    <div role="alert" className="error-message">
      <p>
        <strong>{t('errors.title')}:</strong> {t(error.messageKey)}
      </p>
      {lines.length > 0 && (
        <ul>
          {[...new Set(lines)].map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      <button type="button" className="link-button" onClick={dismiss}>
        {t('errors.dismiss')}
      </button>
    </div>
  );
}
