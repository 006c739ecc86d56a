import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * The Prometheus side of e2e/api/prometheus.spec.ts: Debian's prometheus, prometheus-alertmanager
 * and amtool as real processes on free loopback ports, with their own configs and data in a temp
 * directory — never the system services the packages install.
 */
export const PROMETHEUS_BIN = '/usr/bin/prometheus';
export const ALERTMANAGER_BIN = '/usr/bin/prometheus-alertmanager';
export const AMTOOL_BIN = '/usr/bin/amtool';

const LOG_LINES = 400;

/** A port nothing listens on right now, on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A temp directory for one test's configs and data; remove() is safe to call twice. */
export function scratchDir(prefix: string): { dir: string; write: (name: string, text: string) => string; remove: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `ops-alerts-e2e-${prefix}-`));
  return {
    dir,
    write: (name, text) => {
      const file = path.join(dir, name);
      writeFileSync(file, text, { mode: 0o600 });
      return file;
    },
    remove: () => rmSync(dir, { recursive: true, force: true, maxRetries: 3 }),
  };
}

// JSON strings are YAML double-quoted scalars: tokens and label values need no escaping of our own
const q = (s: string) => JSON.stringify(s);

/** A one-metric exporter: GET /metrics answers `e2e_queue_depth <value>` in the text format. */
export type QueueExporter = { port: number; set: (value: number) => void; scrapes: () => number; close: () => Promise<void> };

export async function startQueueExporter(initial = 0): Promise<QueueExporter> {
  let value = initial;
  let scrapes = 0;
  const server = http.createServer((req, res) => {
    if (req.url !== '/metrics') return void res.writeHead(404).end();
    scrapes++;
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
    res.end(`# HELP e2e_queue_depth Jobs waiting in the e2e queue.\n# TYPE e2e_queue_depth gauge\ne2e_queue_depth ${value}\n`);
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    set: (v) => void (value = v),
    scrapes: () => scrapes,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A child process with its recent output, stopped with SIGTERM and, after a grace period, SIGKILL. */
export class RunningProcess {
  private readonly lines: string[] = [];
  private exit: { code: number | null; signal: string | null } | null = null;
  private readonly exited: Promise<void>;
  private readonly killOnExit = () => this.child.kill('SIGKILL');

  private constructor(
    readonly name: string,
    readonly url: string,
    private readonly child: ChildProcess,
  ) {
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line) this.lines.push(line);
      if (this.lines.length > LOG_LINES) this.lines.splice(0, this.lines.length - LOG_LINES);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        process.off('exit', this.killOnExit);
        resolve();
      }),
    );
    // a worker that dies without its hooks must not leave the process behind
    process.once('exit', this.killOnExit);
  }

  /** Spawn `bin args…` and wait until GET `${url}${readyPath}` answers 200 (it exiting first is an error). */
  static async start(name: string, bin: string, args: string[], url: string, readyPath: string, timeoutMs = 30_000): Promise<RunningProcess> {
    const proc = new RunningProcess(name, url, spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (proc.exit) throw new Error(`${name} exited (${proc.exit.code ?? proc.exit.signal}) before it was ready:\n${proc.log()}`);
      const res = await fetch(`${url}${readyPath}`, { signal: AbortSignal.timeout(2_000) }).catch(() => null);
      if (res?.ok) return proc;
      if (Date.now() > deadline) {
        await proc.stop();
        throw new Error(`${name} not ready at ${url}${readyPath} within ${timeoutMs} ms:\n${proc.log()}`);
      }
      await sleep(250);
    }
  }

  log(): string {
    return this.lines.join('\n');
  }

  async stop(graceMs = 5_000): Promise<void> {
    if (this.exit) return;
    this.child.kill('SIGTERM');
    if (await Promise.race([this.exited.then(() => true), sleep(graceMs).then(() => false)])) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }
}

/**
 * Prometheus scraping the exporter every second, with one alerting rule, E2EQueueDeep
 * (`e2e_queue_depth > 5`, labelled with `team`), sent to `alertmanagerUrl`'s /api/v2/alerts with a
 * bearer token. resend-delay 1s: a firing alert is sent again on every evaluation, as a repeat.
 */
export async function startPrometheus(opts: { exporterPort: number; team: string; alertmanagerUrl: string; token: string; scratch: ReturnType<typeof scratchDir> }): Promise<RunningProcess> {
  const { host } = new URL(opts.alertmanagerUrl);
  const rules = opts.scratch.write(
    'rules.yml',
    `groups:
  - name: e2e
    rules:
      - alert: E2EQueueDeep
        expr: e2e_queue_depth > 5
        for: 0s
        labels:
          severity: critical
          team: ${q(opts.team)}
        annotations:
          summary: ${q(`Queue ${opts.team} is deep`)}
          description: "{{ $value }} jobs are waiting in the e2e queue."
`,
  );
  const config = opts.scratch.write(
    'prometheus.yml',
    `global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - ${q(rules)}
scrape_configs:
  - job_name: e2e-queue
    static_configs:
      - targets: [${q(`127.0.0.1:${opts.exporterPort}`)}]
alerting:
  alertmanagers:
    - api_version: v2
      static_configs:
        - targets: [${q(host)}]
      authorization:
        type: Bearer
        credentials: ${q(opts.token)}
`,
  );
  const port = await freePort();
  return RunningProcess.start(
    'prometheus',
    PROMETHEUS_BIN,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${path.join(opts.scratch.dir, 'tsdb')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--rules.alert.resend-delay=1s',
    ],
    `http://127.0.0.1:${port}`,
    '/-/ready',
  );
}

/** Alertmanager 0.25 without clustering, one route grouping by alertname, a webhook receiver with a bearer token. */
export async function startAlertmanager(opts: { webhookUrl: string; token: string; scratch: ReturnType<typeof scratchDir> }): Promise<RunningProcess> {
  const config = opts.scratch.write(
    'alertmanager.yml',
    `route:
  receiver: ops-alerts
  group_by: ['alertname']
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: ops-alerts
    webhook_configs:
      - url: ${q(opts.webhookUrl)}
        send_resolved: true
        http_config:
          authorization:
            type: Bearer
            credentials: ${q(opts.token)}
`,
  );
  const port = await freePort();
  return RunningProcess.start(
    'alertmanager',
    ALERTMANAGER_BIN,
    [
      `--config.file=${config}`,
      `--storage.path=${path.join(opts.scratch.dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
    ],
    `http://127.0.0.1:${port}`,
    '/-/ready',
  );
}

/** The sum of a counter over all its series, from a process' own /metrics (Prometheus' notifier, Alertmanager's webhook). */
export async function metricTotal(proc: RunningProcess, metric: string): Promise<number> {
  const text = await (await fetch(`${proc.url}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${metric} `) || line.startsWith(`${metric}{`))
    .reduce((total, line) => total + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

export type CommandResult = { code: number; stdout: string; stderr: string };

/** amtool with an http config carrying `token`; never throws, a non-zero exit is in `code`. */
export function amtool(args: string[], opts: { url: string; httpConfig: string; timeoutMs?: number }): Promise<CommandResult> {
  const all = [...args, `--alertmanager.url=${opts.url}`, `--http.config.file=${opts.httpConfig}`, `--timeout=${Math.floor((opts.timeoutMs ?? 15_000) / 1000)}s`];
  return new Promise((resolve) =>
    execFile(AMTOOL_BIN, all, { timeout: (opts.timeoutMs ?? 15_000) + 5_000, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    }),
  );
}

/** amtool's http config file: a bearer token, as in Prometheus' own http_config. */
export function amtoolHttpConfig(scratch: ReturnType<typeof scratchDir>, name: string, token: string): string {
  return scratch.write(`amtool-${name}.yml`, `authorization:\n  type: Bearer\n  credentials: ${q(token)}\n`);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
