// Child process for the crash test: opens the store file, starts a write transaction,
// writes, and is killed (SIGKILL, as a power cut or a crash would) before COMMIT.
const Database = require('better-sqlite3');
const [file, rows] = process.argv.slice(2);
const db = new Database(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec('BEGIN IMMEDIATE');
const insert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
for (let i = 0; i < Number(rows); i++) insert.run(`crash-${i}`, 'x'.repeat(1000));
process.stdout.write('written\n');
process.kill(process.pid, 'SIGKILL');
