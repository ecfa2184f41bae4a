import { useTranslation } from 'react-i18next';
import type { PolicyState } from '../../shared/policy';
import { lockedBy, usePolicy } from './usePolicy';

type Key = 'office' | 'centralServiceUrl' | 'windowRole' | 'language' | 'hub';

/** The value a policy sets for one setting, as text, or null when it sets none. */
function valueOf(policy: NonNullable<PolicyState['policy']>, key: Key, t: (k: string) => string): string | null {
  switch (key) {
    case 'office':
      return policy.offices?.join(', ') ?? null;
    case 'centralServiceUrl':
      return policy.centralServiceUrl ?? null;
    case 'windowRole':
      return policy.windowRole ? t(`policy.role.${policy.windowRole}`) : null;
    case 'language':
      return policy.language ? t(`policy.languageName.${policy.language}`) : null;
    case 'hub':
      if (!policy.hub) return null;
      return policy.hub.role === 'hub' ? t('policy.hubThisPc') : `${policy.hub.address} (${policy.hub.fingerprint})`;
  }
}

const KEYS: Key[] = ['office', 'centralServiceUrl', 'windowRole', 'language', 'hub'];

/** Settings: what IT's policy file set on this computer, and which of it is locked. */
export function PolicySettings() {
  const { t } = useTranslation();
  const state = usePolicy();
  if (!state || (!state.policy && !state.error)) return null;
  return (
    <section className="panel policy" aria-labelledby="policy-title">
      <h2 id="policy-title">{t('policy.title')}</h2>
      {state.error ? (
        <p role="alert" className="error">
          {t('policy.invalid', { path: state.path, error: state.error })}
        </p>
      ) : (
        <>
          <p className="hint">{t('policy.intro', { path: state.path })}</p>
          <dl className="policy-list">
            {KEYS.map((key) => {
              const value = valueOf(state.policy!, key, t);
              if (value === null) return null;
              return (
                <div key={key}>
                  <dt>{t(`policy.key.${key}`)}</dt>
                  <dd>
                    {value}{' '}
                    <strong className="policy-state">
                      {lockedBy(state, key) ? t('policy.locked') : t('policy.preset')}
                    </strong>
                  </dd>
                </div>
              );
            })}
          </dl>
        </>
      )}
    </section>
  );
}
