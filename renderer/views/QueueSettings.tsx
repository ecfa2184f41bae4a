import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueConfig } from '../../shared/api';
import { AGENCIES, type Agency } from '../../shared/domain';
import { call } from '../api/client';
import { agencyLabel } from '../labels';
import { useQueue } from '../store/queue';
import { counterLane, useSession } from '../store/session';

/** The office's queues: name, priority, kiosk button, open or closed, and which agencies they serve. */
export function QueueSettings() {
  const { t } = useTranslation();
  const queues = useQueue((s) => s.snapshot?.queues);
  if (!queues) return null;
  return (
    <details className="queue-settings">
      <summary>{t('queueSettings.title')}</summary>
      {queues.map((q) => (
        <QueueForm key={q.letter} queue={q} />
      ))}
      <QueueForm queue={null} />
    </details>
  );
}

function QueueForm({ queue }: { queue: QueueConfig | null }) {
  const { t } = useTranslation();
  const busy = useSession((s) => s.busy);
  const [draft, setDraft] = useState<QueueConfig>(
    queue ?? { letter: '', name: '', agencies: [], errandKinds: [], priority: 0, kiosk: true, active: true },
  );
  const id = (part: string) => `queue-${queue?.letter ?? 'new'}-${part}`;
  const set = (patch: Partial<QueueConfig>) => setDraft({ ...draft, ...patch });

  async function save(event: FormEvent) {
    event.preventDefault();
    // The counter's request lane; the pushed 'queue' change reloads the snapshot.
    const saved = await counterLane.request(() =>
      call('queues.save', { ...draft, letter: draft.letter.toUpperCase() }),
    );
    if (saved && !queue) setDraft({ ...draft, letter: '', name: '' });
  }

  return (
    <form
      autoComplete="off"
      className="queue-form"
      onSubmit={(e) => void save(e)}
      aria-label={queue ? t('queueSettings.queue', { letter: queue.letter }) : t('queueSettings.new')}
    >
      <fieldset>
        <legend>{queue ? t('queueSettings.queue', { letter: queue.letter }) : t('queueSettings.new')}</legend>
        {!queue && (
          <label htmlFor={id('letter')}>
            {t('queueSettings.letter')}
            <input
              id={id('letter')}
              value={draft.letter}
              maxLength={1}
              onChange={(e) => set({ letter: e.target.value })}
            />
          </label>
        )}
        <label htmlFor={id('name')}>
          {t('queueSettings.name')}
          <input id={id('name')} value={draft.name} maxLength={40} onChange={(e) => set({ name: e.target.value })} />
        </label>
        <label htmlFor={id('priority')}>
          {t('queueSettings.priority')}
          <input
            id={id('priority')}
            type="number"
            min={-100}
            max={100}
            value={draft.priority}
            onChange={(e) => set({ priority: Number(e.target.value) })}
          />
        </label>
        <label>
          <input type="checkbox" checked={draft.kiosk} onChange={(e) => set({ kiosk: e.target.checked })} />{' '}
          {t('queueSettings.kiosk')}
        </label>
        <label>
          <input type="checkbox" checked={draft.active} onChange={(e) => set({ active: e.target.checked })} />{' '}
          {t('queueSettings.active')}
        </label>
        <fieldset className="agencies">
          <legend>{t('queueSettings.agencies')}</legend>
          {AGENCIES.map((a: Agency) => (
            <label key={a}>
              <input
                type="checkbox"
                checked={draft.agencies.includes(a)}
                onChange={(e) =>
                  set({ agencies: e.target.checked ? [...draft.agencies, a] : draft.agencies.filter((x) => x !== a) })
                }
              />{' '}
              {agencyLabel(t, a)}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={busy}>
          {queue ? t('queueSettings.save') : t('queueSettings.add')}
        </button>
      </fieldset>
    </form>
  );
}
