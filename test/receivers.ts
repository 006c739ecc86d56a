import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server on loopback that keeps every message it accepts, parsed. */
export async function startSmtpReceiver() {
  const messages: ParsedMail[] = [];
  let refuse: { code: number; message: string } | null = null;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, done) {
      simpleParser(stream)
        .then((mail) => {
          if (refuse) return done(Object.assign(new Error(refuse.message), { responseCode: refuse.code }));
          messages.push(mail);
          done();
        })
        .catch(done);
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    /** Answer every following message with this SMTP error (null: accept again). */
    refuseWith(code: number | null, message = 'refused') {
      refuse = code === null ? null : { code, message };
    },
    to: (address: string) => messages.filter((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((t) => t?.value.some((v) => v.address === address))),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export type Received = { path: string; headers: http.IncomingHttpHeaders; body: string };

/** A real HTTP server on loopback that records every request and answers as told (200 by default). */
export async function startHttpReceiver() {
  const requests: Received[] = [];
  const answers: { status: number; headers?: Record<string, string> }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      requests.push({ path: req.url ?? '', headers: req.headers, body });
      const answer = answers.shift() ?? { status: 200 };
      res.writeHead(answer.status, answer.headers).end(answer.status < 300 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    requests,
    /** The next requests get these answers, in order; then 200 again. */
    answerNext(...next: { status: number; headers?: Record<string, string> }[]) {
      answers.push(...next);
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A real HTTP server on loopback that holds every request until the test answers it (`held`). */
export async function startHoldingReceiver() {
  const held: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => held.push(res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    held,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}
