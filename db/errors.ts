/** Failures opening the store. Raised before any handler runs, so they are not ApiErrors. */
export type StoreErrorCode = 'SCHEMA_TOO_NEW' | 'CORRUPT' | 'MIGRATION_FAILED';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}
