import { runAdmin } from './adminCommands';

/** `npm run server:admin -- <command>`: see ADMIN_USAGE in adminCommands.ts. */
runAdmin(process.argv.slice(2), {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
}).then((code) => process.exit(code));
