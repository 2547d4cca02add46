/**
 * A real SMTP server in the test process (smtp-server): it accepts plain-text AUTH and keeps each
 * received mail, decoded enough to check subject, recipients, text and HTML. `refuse` makes it
 * answer 451 to DATA (a temporary failure); `stop()` and `start(port)` take it down and up again.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** Attached files, decoded. */
  files: ReceivedFile[];
  raw: string;
}

export const SMTP_USER = 'outpost';
export const SMTP_PASSWORD = 's3cret';

export interface TestSmtp {
  port: number;
  url: string;
  mails: ReceivedMail[];
  refuse: boolean;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startSmtp(): Promise<TestSmtp> {
  let server: SMTPServer | null = null;
  const state: TestSmtp = {
    port: 0,
    url: '',
    mails: [],
    refuse: false,
    async stop() {
      const s = server;
      server = null;
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    async start() {
      server = new SMTPServer({
        authOptional: false,
        allowInsecureAuth: true,
        disabledCommands: ['STARTTLS'],
        logger: false,
        onAuth(auth, _session, cb) {
          if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD)
            cb(null, { user: auth.username });
          else cb(new Error('Invalid username or password'));
        },
        onData(stream, session, cb) {
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            if (state.refuse) {
              const err = new Error('Mailbox temporarily unavailable') as Error & { responseCode: number };
              err.responseCode = 451;
              cb(err);
              return;
            }
            const raw = Buffer.concat(chunks).toString('utf8');
            state.mails.push({
              ...parseMail(raw),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
              raw,
            });
            cb();
          });
        },
      });
      const s = server;
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(state.port, '127.0.0.1', () => resolve());
      });
      state.port = (s.server.address() as AddressInfo).port;
      state.url = `smtp://${SMTP_USER}:${SMTP_PASSWORD}@127.0.0.1:${state.port}`;
    },
  };
  await state.start();
  return state;
}

function headersOf(block: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of block.replace(/\r\n[ \t]+/g, ' ').split(/\r\n/)) {
    const i = line.indexOf(':');
    if (i > 0) out.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return out;
}

function decodeWords(s: string): string {
  return s
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_m, _cs, enc: string, data: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : decodeQp(data.replace(/_/g, ' ')),
    );
}

function decodeQp(s: string): string {
  const bytes: number[] = [];
  const text = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(text[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeBody(headers: Map<string, string>, body: string): string {
  const enc = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (enc === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (enc === 'quoted-printable') return decodeQp(body);
  return body;
}

/** A received attachment, decoded. */
export interface ReceivedFile {
  filename: string;
  contentType: string;
  content: Buffer;
}

/**
 * Subject, text, HTML and attachments of a nodemailer message: a single part, or multipart
 * (alternative inside mixed when files are attached), walked to any depth.
 */
function parseMail(raw: string): { subject: string; text: string; html: string; files: ReceivedFile[] } {
  const split = raw.indexOf('\r\n\r\n');
  const headers = headersOf(raw.slice(0, split));
  const subject = decodeWords(headers.get('subject') ?? '');
  let text = '';
  let html = '';
  const files: ReceivedFile[] = [];
  const walk = (h: Map<string, string>, b: string) => {
    const t = h.get('content-type') ?? 'text/plain';
    const boundary = /boundary="?([^";]+)"?/.exec(t)?.[1];
    if (t.startsWith('multipart/') && boundary) {
      for (const part of b.split(`--${boundary}`).slice(1)) {
        if (part.startsWith('--')) break;
        const p = part.replace(/^\r\n/, '');
        const at = p.indexOf('\r\n\r\n');
        walk(headersOf(p.slice(0, at)), p.slice(at + 4).replace(/\r\n$/, ''));
      }
      return;
    }
    const disposition = h.get('content-disposition') ?? '';
    if (disposition.startsWith('attachment')) {
      const enc = (h.get('content-transfer-encoding') ?? '7bit').toLowerCase();
      files.push({
        filename: /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? '',
        contentType: t.split(';')[0]!.trim(),
        content:
          enc === 'base64' ? Buffer.from(b.replace(/\s+/g, ''), 'base64') : Buffer.from(decodeBody(h, b)),
      });
      return;
    }
    const decoded = decodeBody(h, b).replace(/\r\n/g, '\n').replace(/\n$/, '');
    if (t.startsWith('text/html')) html = decoded;
    else if (t.startsWith('text/plain')) text = decoded;
  };
  walk(headers, raw.slice(split + 4));
  return { subject, text, html, files };
}
