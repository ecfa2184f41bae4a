import { useShallow } from 'zustand/react/shallow';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSupervisor } from '../store/supervisor';
import { RANGE_PRESETS } from './ranges';

/** Which days the dashboard shows: a preset, or any range (the backend refuses a backwards or overlong one). */
export function RangeToolbar() {
  const { t } = useTranslation();
  // Only these fields: a new report (or an export under way) does not re-render the toolbar.
  const { preset, from, to, serviceLevelMinutes, setPreset, setRange, setServiceLevel } = useSupervisor(
    useShallow((s) => ({
      preset: s.preset,
      from: s.from,
      to: s.to,
      serviceLevelMinutes: s.serviceLevelMinutes,
      setPreset: s.setPreset,
      setRange: s.setRange,
      setServiceLevel: s.setServiceLevel,
    })),
  );
  const [custom, setCustom] = useState({ from, to });
  const [level, setLevel] = useState(String(serviceLevelMinutes));
  const submitRange = (event: FormEvent) => {
    event.preventDefault();
    void setRange(custom.from, custom.to);
  };
  return (
    <div className="range-toolbar">
      <div role="group" aria-label={t('supervisor.period')} className="range-presets">
        {RANGE_PRESETS.map((p) => (
          <button
            key={p}
            type="button"
            aria-pressed={preset === p}
            className={preset === p ? 'primary' : undefined}
            onClick={() => {
              setCustom({ from, to });
              void setPreset(p);
            }}
          >
            {t(`supervisor.preset.${p}`)}
          </button>
        ))}
      </div>
      {preset === 'custom' && (
        <form className="range-custom" onSubmit={submitRange}>
          <div className="field">
            <label htmlFor="range-from">{t('supervisor.from')}</label>
            <input
              id="range-from"
              type="date"
              value={custom.from}
              onChange={(e) => setCustom({ ...custom, from: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor="range-to">{t('supervisor.to')}</label>
            <input
              id="range-to"
              type="date"
              value={custom.to}
              onChange={(e) => setCustom({ ...custom, to: e.target.value })}
            />
          </div>
          <button type="submit" className="primary">
            {t('supervisor.show')}
          </button>
        </form>
      )}
      <form
        className="range-level"
        onSubmit={(e) => {
          e.preventDefault();
          const minutes = Number(level);
          if (Number.isInteger(minutes) && minutes >= 1 && minutes <= 240) void setServiceLevel(minutes);
        }}
      >
        <div className="field">
          <label htmlFor="service-level">{t('supervisor.serviceLevel')}</label>
          <input
            id="service-level"
            type="number"
            min={1}
            max={240}
            value={level}
            onChange={(e) => setLevel(e.target.value)}
          />
        </div>
        <button type="submit">{t('supervisor.apply')}</button>
      </form>
    </div>
  );
}
