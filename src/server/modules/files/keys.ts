/**
 * The keys that encrypt files at rest. Several keys can be valid at once, so that a rotation
 * re-encrypts files one by one while the application keeps serving every file:
 *
 * - `secret`: the original key, derived (HKDF-SHA256) from OUTPOST_SECRET. Files written before
 *   any rotation use it; it is retired by listing it in `retired` once no file uses it.
 * - keys in `<dataDir>/file-keys.json` (mode 0600), written by `outpost secret rotate`:
 *   `{ "active": "fk_…", "keys": { "fk_…": "<32 bytes, base64>" }, "retired": ["secret"] }`.
 * - or keys in OUTPOST_FILE_KEYS (`id:base64,id:base64`, the first one active) for operators who
 *   keep secrets in the environment; then the file is not read.
 *
 * A running process re-reads the key file when it changes (checked by its modification time),
 * so a rotation started from the command line needs no restart.
 */
import { hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const LEGACY_KEY_ID = 'secret';
const KEY_INFO = 'outpost-files-v1';
const KEY_ID = /^[A-Za-z0-9_-]{1,40}$/;

/** The 256-bit file key for an instance secret (the `secret` key). */
export function deriveFileKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), KEY_INFO, 32));
}

/** The file keys, as stored in `file-keys.json`. */
interface KeyFile {
  active: string;
  keys: Record<string, string>;
  retired: string[];
}

export interface FileKeyring {
  /** The key new files are written with. */
  activeId(): string;
  /** The key with this id, or undefined when it is unknown or retired. */
  get(id: string): Buffer | undefined;
  /** Every usable key id, the active one first. */
  ids(): string[];
  /** Where the keys come from: `file`, `environment` or `secret` (no rotation yet). */
  source(): 'file' | 'environment' | 'secret';
}

class KeyConfigError extends Error {
  override name = 'KeyConfigError';
}

export const keyFilePath = (dataDir: string) => path.join(dataDir, 'file-keys.json');

function decodeKey(id: string, value: string): Buffer {
  if (!KEY_ID.test(id)) throw new KeyConfigError(`File key id "${id}" must be 1–40 letters, digits, _ or -.`);
  const key = Buffer.from(value, 'base64');
  if (key.length !== 32) throw new KeyConfigError(`File key "${id}" must be 32 bytes in base64.`);
  return key;
}

/** Parse OUTPOST_FILE_KEYS: `id:base64[,id:base64…]`, the first one active. */
export function parseEnvKeys(value: string): { active: string; keys: Map<string, Buffer> } {
  const keys = new Map<string, Buffer>();
  for (const part of value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const at = part.indexOf(':');
    if (at < 1)
      throw new KeyConfigError('OUTPOST_FILE_KEYS must be a list of id:base64key, comma-separated.');
    const id = part.slice(0, at);
    if (keys.has(id)) throw new KeyConfigError(`OUTPOST_FILE_KEYS names the key "${id}" twice.`);
    keys.set(id, decodeKey(id, part.slice(at + 1)));
  }
  const active = [...keys.keys()][0];
  if (!active) throw new KeyConfigError('OUTPOST_FILE_KEYS is empty.');
  return { active, keys };
}

export function readKeyFile(dataDir: string): KeyFile | null {
  const file = keyFilePath(dataDir);
  if (!existsSync(file)) return null;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<KeyFile>;
  if (typeof parsed.active !== 'string' || typeof parsed.keys !== 'object' || !parsed.keys)
    throw new KeyConfigError(`${file} must hold { active, keys, retired }.`);
  return { active: parsed.active, keys: parsed.keys, retired: parsed.retired ?? [] };
}

/** Write the key file atomically (temp file, then rename), readable by the owner only. */
export function writeKeyFile(dataDir: string, content: KeyFile): void {
  const file = keyFilePath(dataDir);
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  renameSync(temp, file);
}

export const newKeyId = (now: Date) =>
  `fk_${now.toISOString().replace(/[-:]/g, '').slice(0, 15)}_${randomBytes(3).toString('hex')}`;

export function createKeyring(options: {
  dataDir: string;
  secret: string;
  /** OUTPOST_FILE_KEYS; when set the key file is not read. */
  envKeys?: string | null;
}): FileKeyring {
  const legacy = deriveFileKey(options.secret);
  if (options.envKeys) {
    const { active, keys } = parseEnvKeys(options.envKeys);
    // The secret's key stays readable unless the environment lists only new keys and says so
    // by naming `secret` itself with another value (refused by decodeKey's length check).
    if (!keys.has(LEGACY_KEY_ID)) keys.set(LEGACY_KEY_ID, legacy);
    return {
      activeId: () => active,
      get: (id) => keys.get(id),
      ids: () => [active, ...[...keys.keys()].filter((k) => k !== active)],
      source: () => 'environment',
    };
  }

  const file = keyFilePath(options.dataDir);
  let loadedStamp = '';
  let state: { active: string; keys: Map<string, Buffer> } = {
    active: LEGACY_KEY_ID,
    keys: new Map([[LEGACY_KEY_ID, legacy]]),
  };
  let fromFile = false;

  function refresh() {
    let stamp: string;
    try {
      const s = statSync(file);
      stamp = `${s.ino}:${s.mtimeMs}:${s.size}`; // a rewrite is a rename: a new inode
    } catch {
      return; // no key file: the secret's key only
    }
    if (stamp === loadedStamp) return;
    const content = readKeyFile(options.dataDir)!;
    const keys = new Map<string, Buffer>();
    if (!content.retired.includes(LEGACY_KEY_ID)) keys.set(LEGACY_KEY_ID, legacy);
    for (const [id, value] of Object.entries(content.keys)) {
      if (!content.retired.includes(id)) keys.set(id, decodeKey(id, value));
    }
    if (!keys.has(content.active))
      throw new KeyConfigError(`${file}: the active key "${content.active}" is missing or retired.`);
    state = { active: content.active, keys };
    loadedStamp = stamp;
    fromFile = true;
  }

  return {
    activeId() {
      refresh();
      return state.active;
    },
    get(id) {
      refresh();
      return state.keys.get(id);
    },
    ids() {
      refresh();
      return [state.active, ...[...state.keys.keys()].filter((k) => k !== state.active)];
    },
    source() {
      refresh();
      return fromFile ? 'file' : 'secret';
    },
  };
}
