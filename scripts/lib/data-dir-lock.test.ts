import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirBusy, lockDataDir } from './data-dir-lock';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'ops-alerts-lock-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('data directory lock', () => {
  it('refuses a second holder while the first lives, naming it, and lets go on release', () => {
    const dir = tempDir();
    // another live process holds it: a child that sleeps
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)']);
    try {
      const release = lockDataDir(dir, 3000, other.pid!);
      let error: unknown;
      try {
        lockDataDir(dir, 3001);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(DataDirBusy);
      expect((error as Error).message).toContain(`process ${other.pid}`);
      expect((error as Error).message).toContain('port 3000');
      void release;
    } finally {
      other.kill();
    }
  });

  it('takes over a file left by a process that is gone, or an unreadable one', async () => {
    const dir = tempDir();
    const gone = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => gone.once('exit', r));
    writeFileSync(path.join(dir, 'ops-alerts.pid'), JSON.stringify({ pid: gone.pid, started_at: 'earlier', port: 1 }));
    const release = lockDataDir(dir, 3000);
    release();
    expect(existsSync(path.join(dir, 'ops-alerts.pid'))).toBe(false);

    writeFileSync(path.join(dir, 'ops-alerts.pid'), 'not json');
    lockDataDir(dir, 3000)();
  });
});
