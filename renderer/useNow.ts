import { useEffect, useState } from 'react';

/** The current time, re-read every `ms` so waits keep counting on screen (no backend polling). */
export function useNow(ms = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}
