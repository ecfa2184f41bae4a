import { useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReceiptResult } from '../../shared/api';
import { useSync } from '../store/sync';
import { useOfficeName } from './useOfficeName';

/**
 * "Läs in kvitto": the receipt the administrator wrote when importing this computer's
 * statistics file. What the service holds stops being listed as waiting (and is left out of
 * the next file); the next sync still confirms it with the service.
 */
export function ReceiptImport() {
  const { t } = useTranslation();
  const importReceipt = useSync((s) => s.importReceipt);
  const action = useSync((s) => s.action);
  const officeName = useOfficeName();
  const [result, setResult] = useState<ReceiptResult | null>(null);

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    setResult(null);
    if (!file) return;
    setResult(await importReceipt(await file.text()));
  };

  return (
    <div className="field sync-receipt">
      <label htmlFor="sync-receipt">{t('sync.receipt.label')}</label>
      <input
        id="sync-receipt"
        type="file"
        accept=".json,application/json"
        disabled={action !== null}
        aria-describedby="sync-receipt-hint"
        onChange={(e) => void onFile(e)}
      />
      <p id="sync-receipt-hint" className="hint">
        {t('sync.receipt.hint')}
      </p>
      <div role="status">
        {result && (
          <>
            <p>{t('sync.receipt.done', { count: result.acknowledged })}</p>
            <ul className="sync-receipt-offices">
              {result.offices.map((o) => (
                <li key={o.officeId}>
                  {t('sync.receipt.office', {
                    office: officeName(o.officeId),
                    count: o.events,
                    added: o.new,
                    held: o.alreadyHeld,
                  })}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </div>
  );
}
