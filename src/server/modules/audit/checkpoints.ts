/**
 * Signed checkpoints of the audit chain, kept outside the database: "the head was event N with
 * hash H at time T", under an HMAC keyed from the instance secret. An attacker who can write to the
 * database but not to the checkpoint file (or who lacks the secret) can no longer cut the newest
 * events and rewind the head unnoticed: verify compares the chain with every checkpoint.
 */
import type { Database } from '../../db/database';
import type { Clock } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { appendLine, lastLines, readLines, replaceFile } from './checkpoint-file';
import * as repo from './repository';
import {
  type Checkpoint,
  type CheckpointReason,
  checkpointKey,
  checkpointLine,
  readCheckpointLine,
  signCheckpoint,
} from './rules';

export interface CheckpointOptions {
  /** OUTPOST_AUDIT_CHECKPOINT_FILE: the JSON-lines file (default `<data dir>/audit-checkpoints.jsonl`). */
  file: string;
  /** The instance secret the HMAC key is derived from. */
  secret: string;
  /** OUTPOST_AUDIT_CHECKPOINT_MINUTES, in ms: how often the scheduled job writes one. */
  everyMs: number;
}

/** What the checkpoint file holds: the checkpoints whose signature verifies, and the lines that do not. */
interface CheckpointFileContents {
  exists: boolean;
  valid: Checkpoint[];
  problems: Array<{ line: number; problem: string }>;
}

/** A checkpoint as the API, the metrics and the CLI show it. */
const publicView = ({ seq, hash, at }: Checkpoint) => ({ seq, hash, at });

/** Read a checkpoint file with a secret: every line checked (also used by the metrics scrape). */
async function readCheckpointFile(file: string, secret: string): Promise<CheckpointFileContents> {
  const key = checkpointKey(secret);
  const lines = await readLines(file);
  const valid: Checkpoint[] = [];
  const problems: CheckpointFileContents['problems'] = [];
  for (const { line, text } of lines ?? []) {
    const read = readCheckpointLine(key, text);
    if ('checkpoint' in read) valid.push(read.checkpoint);
    else problems.push({ line, problem: read.problem });
  }
  return { exists: lines !== null, valid, problems };
}

/** The newest checkpoint at the end of the file whose signature verifies (for /metrics), or null. */
export async function latestCheckpoint(file: string, secret: string) {
  const key = checkpointKey(secret);
  for (const text of await lastLines(file)) {
    const read = readCheckpointLine(key, text);
    if ('checkpoint' in read) return publicView(read.checkpoint);
  }
  return null;
}

/** The checkpoint with the highest sequence number: the furthest point the chain must reach. */
export const furthest = (checkpoints: readonly Checkpoint[]) =>
  checkpoints.reduce<Checkpoint | null>((best, c) => (!best || c.seq > best.seq ? c : best), null);

export function createCheckpoints({
  db,
  clock,
  options,
}: {
  db: Database['db'];
  clock: Clock;
  options: CheckpointOptions;
}) {
  const key = checkpointKey(options.secret);
  return {
    everyMs: options.everyMs,
    file: options.file,

    /**
     * Sign the chain's head now and append it to the file, holding the head's lock: no event is
     * appended meanwhile, and writers in other processes (the job in another server, a backup,
     * the CLI) wait for it, so their lines never interleave. A file that cannot be written rolls
     * the database's note back.
     */
    async write(reason: CheckpointReason): Promise<Checkpoint> {
      return db.transaction().execute(async (tx) => {
        const head = await repo.lockHead(tx);
        const unsigned = { seq: head.lastSeq, hash: head.lastHash, at: clock.now().toISOString(), reason };
        const checkpoint: Checkpoint = { ...unsigned, mac: signCheckpoint(key, unsigned) };
        await repo.recordCheckpoint(tx, newId('ack'), checkpoint);
        await appendLine(options.file, checkpointLine(checkpoint));
        return checkpoint;
      });
    },

    /** The file's checkpoints, each signature checked. */
    read: () => readCheckpointFile(options.file, options.secret),

    /**
     * After a restore: write the checkpoints the (restored) database records into the file, the
     * data directory's own file set aside when it differs. Answers how many there are, the
     * furthest, how many do not verify with this installation's secret, and the file set aside.
     */
    async rebuildFile() {
      const recorded = await repo.allCheckpoints(db);
      const before = furthest((await readCheckpointFile(options.file, options.secret)).valid);
      const setAside = await replaceFile(options.file, recorded.map(checkpointLine), clock.now().getTime());
      const unverified = recorded.filter(
        (c) => 'problem' in readCheckpointLine(key, checkpointLine(c)),
      ).length;
      const last = furthest(recorded);
      return {
        count: recorded.length,
        furthest: last && publicView(last),
        unverified,
        setAside,
        /** The furthest checkpoint of the file set aside: events after the restored chain's end were lost. */
        setAsideFurthest: setAside && before ? publicView(before) : null,
      };
    },
  };
}

export type Checkpoints = ReturnType<typeof createCheckpoints>;
