/** Building and running the Next.js app from scripts (npm start, benchmarks). */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..', '..');
const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
const SOURCES = ['app', 'components', 'lib', 'db', 'public', 'next.config.mjs', 'package-lock.json', 'postcss.config.mjs', 'tsconfig.json', 'vercel.json'];

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(p).reduce((m, f) => Math.max(m, newestMtime(path.join(p, f))), st.mtimeMs);
}

/** A production build is (re)made when missing or older than any source it is built from. */
export function buildIsStale(): boolean {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  return SOURCES.some((s) => newestMtime(path.join(root, s)) > built);
}

export function buildIfStale(env: NodeJS.ProcessEnv, log: (m: string) => void): Promise<void> {
  if (!buildIsStale()) return Promise.resolve();
  log('building the web app (next build)…');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, 'build'], { cwd: root, env: { ...env, NODE_ENV: 'production' }, stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`next build exited with ${code}`))));
  });
}

/**
 * The web process: in production our server (scripts/serve.ts: Next behind the front door, plus the
 * delivery worker), in development `next dev`;
 * `next-start` is a bare `next start` with no server of ours around it and no delivery worker, as
 * the app runs on Vercel (benchmarks use it to measure that path).
 */
export function spawnWeb(mode: 'start' | 'dev' | 'next-start', port: number, env: NodeJS.ProcessEnv, stdio: 'inherit' | 'ignore' = 'inherit', nodeArgs: string[] = []): ChildProcess {
  const command = { start: ['--import', 'tsx', path.join(root, 'scripts', 'serve.ts')], dev: [nextBin, 'dev', '-p', String(port)], 'next-start': [nextBin, 'start', '-p', String(port)] };
  const args = [...nodeArgs, ...command[mode]];
  return spawn(process.execPath, args, {
    cwd: root,
    env: mode === 'dev' ? env : { ...env, NODE_ENV: 'production', PORT: String(port) },
    stdio,
  });
}

export async function waitForHealth(url: string, child: ChildProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error('the web server exited during start-up');
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`no answer from ${url} within ${timeoutMs / 1000}s`);
}
