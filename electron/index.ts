// Bundle entry of the main process (build/electron/main.cjs).
import { runMain } from './main';

runMain();
