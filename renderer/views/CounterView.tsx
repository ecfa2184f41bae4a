import { TodayLogTable } from './TodayLogTable';
import { VisitPanel } from './VisitPanel';

/** The officer's counter: the visit in progress beside today's log. */
export function CounterView() {
  return (
    <div className="counter">
      <VisitPanel />
      <TodayLogTable />
    </div>
  );
}
