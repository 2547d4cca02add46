/**
 * Where a command gets a password from, in order: the --password option, the OUTPOST_PASSWORD
 * variable, then standard input (typed without echo at a terminal, or the first line of a pipe).
 * The option is convenient but visible to other users of the machine in the process list.
 */
import { CliError } from './context';

async function readPipe(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

function readHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let value = '';
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new CliError('Cancelled.', 1));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

export async function obtainPassword(given: string | undefined, forWhom: string): Promise<string> {
  if (given !== undefined) return given;
  if (process.env.OUTPOST_PASSWORD) return process.env.OUTPOST_PASSWORD;
  if (process.stdin.isTTY) {
    const first = await readHidden(`Password for ${forWhom} (at least 12 characters): `);
    const again = await readHidden('The same password again: ');
    if (first !== again) throw new CliError('The two passwords differ; nothing was changed.');
    return first;
  }
  const piped = await readPipe();
  if (!piped) {
    throw new CliError(
      'No password given: use --password, set OUTPOST_PASSWORD, or write it to standard input.',
      2,
    );
  }
  return piped;
}
