/**
 * scrypt N for supervisor passphrases in tests: the same code path as the product, at a cost
 * of half the product's (the store refuses less: migration 005), so a test that hashes a dozen
 * passphrases stays far from its time-out on a busy machine.
 */
export const TEST_PASSPHRASE_COST_N = 16_384;

/** scrypt N for office hub pairing keys in tests (hub and device must agree; the product uses 16 384). */
export const TEST_PAIRING_COST_N = 1024;
