import { useEffect, useState } from 'react';

export type Route = 'counter' | 'display' | 'kiosk' | 'supervisor';

/**
 * The faces of the app, by URL hash: #/display (waiting room), #/kiosk (tickets),
 * #/supervisor (daily counts, in the counter's window), else the counter.
 */
export function routeOf(hash: string): Route {
  if (hash.startsWith('#/display')) return 'display';
  if (hash.startsWith('#/kiosk')) return 'kiosk';
  if (hash.startsWith('#/supervisor')) return 'supervisor';
  return 'counter';
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => routeOf(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(routeOf(location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
