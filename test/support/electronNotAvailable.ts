// What `import 'electron'` resolves to under vitest (see vitest.config.ts): tests mock it.
throw new Error(
  "The real 'electron' module is not available in tests: mock it with vi.mock('electron', …) (see test/support/fakeElectron.ts).",
);
