import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Who holds a data directory: written by `npm start` when it takes the directory, removed when it stops. */
export type DataDirHolder = { pid: number; started_at: string; port: number };

export class DataDirBusy extends Error {
  constructor(
    readonly dir: string,
    readonly holder: DataDirHolder,
  ) {
    super(
      `Another Ops Alerts is running on ${dir} (process ${holder.pid}, started ${holder.started_at}, port ${holder.port}). ` +
        'Stop it first, or give this one its own DATA_DIR.',
    );
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, it is just not ours to signal
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

function readHolder(file: string): DataDirHolder | null {
  try {
    const holder = JSON.parse(readFileSync(file, 'utf8')) as DataDirHolder;
    return Number.isInteger(holder.pid) && holder.pid > 0 ? holder : null;
  } catch {
    return null;
  }
}

/**
 * Take the data directory for this process, or throw DataDirBusy naming the live process that has
 * it. A file left by a process that died is taken over. The file is created exclusively, so two
 * starts racing for it cannot both win. Returns the release function.
 */
export function lockDataDir(dir: string, port: number, pid = process.pid): () => void {
  const file = path.join(dir, 'ops-alerts.pid');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, JSON.stringify({ pid, started_at: new Date().toISOString(), port } satisfies DataDirHolder), { flag: 'wx', mode: 0o600 });
      return () => {
        if (readHolder(file)?.pid === pid) unlinkSync(file);
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readHolder(file);
      if (holder && holder.pid !== pid && alive(holder.pid)) throw new DataDirBusy(dir, holder);
      unlinkSync(file); // stale: its process is gone (or the file is unreadable)
    }
  }
  throw new Error(`Could not take ${file}`);
}
