import { QueuePanel } from './QueuePanel';
import { TodayLogTable } from './TodayLogTable';
import { VisitPanel } from './VisitPanel';

/** The officer's counter: the queue always in view, the visit in progress, today's log. */
export function CounterView() {
  return (
    <div className="counter">
      <QueuePanel />
      <VisitPanel />
      <TodayLogTable />
    </div>
  );
}
