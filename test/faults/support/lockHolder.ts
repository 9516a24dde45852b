/** Another process that holds SQLite's write lock on the bot's file for HOLD_MS: BEGIN EXCLUSIVE. */
import Database from 'better-sqlite3';

const db = new Database(process.argv[2]!);
db.exec('BEGIN EXCLUSIVE');
db.prepare('UPDATE plan_records SET etag = etag WHERE 0').run();
process.stdout.write('LOCKED\n');
setTimeout(
  () => {
    db.exec('COMMIT');
    db.close();
    process.exit(0);
  },
  Number(process.argv[3] ?? 5000),
);
