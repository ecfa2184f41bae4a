import { useEffect } from 'react';
import { GuidePanel } from '../guide/GuidePanel';
import { useGuide } from '../store/guide';
import { QueuePanel } from './QueuePanel';
import { TodayLogTable } from './TodayLogTable';
import { VisitPanel } from './VisitPanel';

/** The officer's counter: the queue always in view, the visit in progress (or its guide), today's log. */
export function CounterView() {
  const guideOpen = useGuide((s) => s.mode !== null);
  const loadCatalog = useGuide((s) => s.loadCatalog);
  useEffect(() => {
    void loadCatalog().catch(() => {});
  }, [loadCatalog]);
  return (
    <div className="counter">
      <QueuePanel />
      {guideOpen ? <GuidePanel /> : <VisitPanel />}
      <TodayLogTable />
    </div>
  );
}
