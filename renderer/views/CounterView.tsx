import { useEffect } from 'react';
import { GuidePanel } from '../guide/GuidePanel';
import { useGuide } from '../store/guide';
import { CounterBar } from './CounterBar';
import { QueuePanel } from './QueuePanel';
import { TodayLogTable } from './TodayLogTable';
import { VisitPanel } from './VisitPanel';

/**
 * The officer's counter, one fixed screen: the counter bar (current ticket and its actions)
 * on top, the queue and the visit (or its guide) side by side below, each scrolling inside
 * itself, so nothing the officer needs scrolls away. Today's log follows under the fold.
 * On a narrow window (or at 200 % zoom) it all reflows into one column (styles.css).
 */
export function CounterView() {
  const guideOpen = useGuide((s) => s.mode !== null);
  const loadCatalog = useGuide((s) => s.loadCatalog);
  useEffect(() => {
    void loadCatalog().catch(() => {});
  }, [loadCatalog]);
  return (
    <>
      <div className="counter">
        <CounterBar />
        <QueuePanel />
        {guideOpen ? <GuidePanel /> : <VisitPanel />}
      </div>
      <TodayLogTable />
    </>
  );
}
