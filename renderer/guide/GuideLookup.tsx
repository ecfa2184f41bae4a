import { useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { AGENCIES } from '../../shared/domain';
import type { GuideImportResult } from '../../shared/api';
import { ErrorMessage } from '../components/ErrorMessage';
import { agencyLabel } from '../labels';
import { useGuide } from '../store/guide';

/** "Just looking something up": every installed guide by agency, and the packages behind them. */
export function GuideLookup() {
  const { t, i18n } = useTranslation();
  const catalog = useGuide((s) => s.catalog);
  const pickGuide = useGuide((s) => s.pickGuide);
  return (
    <>
      <p>{t('guide.lookupIntro')}</p>
      {AGENCIES.map((agency) => {
        const guides = catalog.filter((g) => g.agency === agency);
        if (!guides.length) return null;
        return (
          <section key={agency} aria-labelledby={`guides-${agency}`} className="guide-agency">
            <h2 id={`guides-${agency}`}>{agencyLabel(t, agency)}</h2>
            <ul className="plain guide-catalog">
              {guides.map((g) => (
                <li key={g.errandKind}>
                  <button type="button" onClick={() => void pickGuide(g.errandKind)}>
                    {(i18n.language === 'en' ? g.title.en : undefined) ?? g.title.sv}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
      <GuidePackages />
    </>
  );
}

function GuidePackages() {
  const { t } = useTranslation();
  const packages = useGuide((s) => s.packages);
  const importPackage = useGuide((s) => s.importPackage);
  const [result, setResult] = useState<GuideImportResult | null>(null);
  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    setResult(null);
    if (!file) return;
    setResult(await importPackage(await file.text()));
  };
  return (
    <section aria-labelledby="guide-packages" className="guide-packages">
      <h2 id="guide-packages">{t('guide.packages')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('guide.package')}</th>
            <th scope="col">{t('guide.packageVersion')}</th>
            <th scope="col">{t('guide.validFrom')}</th>
            <th scope="col">{t('guide.packageState')}</th>
          </tr>
        </thead>
        <tbody>
          {packages.map((p) => (
            <tr key={`${p.id}@${p.version}`}>
              <td>{agencyLabel(t, p.id.toUpperCase())}</td>
              <td>{p.version}</td>
              <td>{p.validFrom}</td>
              <td>{t(`guide.state.${p.state}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="field">
        <label htmlFor="guide-import">{t('guide.import')}</label>
        <input id="guide-import" type="file" accept=".json,application/json" onChange={(e) => void onFile(e)} />
        <p className="hint">{t('guide.importHint')}</p>
      </div>
      {/* A refused package is explained here, next to the file the officer just picked. */}
      <ErrorMessage />
      {result && (
        <p role="status">
          {t(`guide.imported.${result.status}`, {
            agency: agencyLabel(t, result.id.toUpperCase()),
            version: result.version,
          })}
        </p>
      )}
    </section>
  );
}
