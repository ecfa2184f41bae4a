/**
 * The fetch the uploader, enrollment and down-sync use. Inside Electron's utility process
 * it is `net.fetch` ("Process: Main, Utility", docs/api/net.md): Chromium's network stack,
 * so the system proxy (PAC/WPAD, NTLM/Kerberos proxy auth) and the OS certificate store
 * apply, as office networks need. Node's own fetch knows neither. Outside Electron (the
 * preview, tests) and should `net.fetch` be missing, Node's fetch.
 */
type NetFetch = (input: string | Request, init?: RequestInit) => Promise<Response>;
export interface ElectronNetLike {
  net?: { fetch?: NetFetch };
}

export function syncFetch(load: () => Promise<ElectronNetLike>): typeof fetch {
  let chosen: Promise<NetFetch> | null = null;
  const pick = () =>
    (chosen ??= load().then(
      (electron) => {
        const net = electron.net;
        return typeof net?.fetch === 'function' ? net.fetch.bind(net) : (fetch as NetFetch);
      },
      () => fetch as NetFetch,
    ));
  // net.fetch takes a string or a Request, not a URL object.
  return (input, init) => pick().then((f) => f(input instanceof URL ? input.href : input, init));
}

/** Electron's own module, only when running in Electron (process.versions.electron is set there). */
export function electronModuleIfAny(): Promise<ElectronNetLike> {
  if (!process.versions.electron) return Promise.resolve({});
  return import('electron') as unknown as Promise<ElectronNetLike>;
}
