/**
 * The official lists: load a file (uploaded or fetched), each load a version with the file's own
 * publication date, all or nothing; the settings (threshold, schedules); the scheduled fetch.
 */
import { createHash } from 'node:crypto';
import {
  LIST_SOURCES,
  type ListFormat,
  type ListSource,
  type ListVersion,
  type LoadListBody,
  ScreeningSettings,
  SOURCE_FORMATS,
  SOURCE_LABELS,
} from '../../../contracts/screening';
import type { Database } from '../../db/database';
import { fromJson, toJson } from '../../db/database';
import { lockName } from '../../db/locks';
import { toPage } from '../../db/pagination';
import type { SanctionsListVersionRow } from '../../db/schema';
import { AppError, conflict, invalid } from '../../errors';
import type { Clock } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { createSettingsStore } from '../../lib/settings-store';
import { type Actor, authorize } from '../../policy';
import { diff } from '../audit/rules';
import type { AuditRecorder } from '../audit/service';
import { type ListFiles, parseList } from './formats';
import * as repo from './repository';

const schedule = (format: ListFormat) => ({
  enabled: false,
  format,
  url: null,
  altUrl: null,
  addUrl: null,
  everyHours: 24,
});

export const DEFAULT_SETTINGS: ScreeningSettings = {
  threshold: 0.9,
  schedules: {
    ofac_sdn: schedule('ofac_csv'),
    eu: schedule('eu_xml'),
    un: schedule('un_xml'),
    uk: schedule('uk_csv'),
  },
};

/** A fetched file may be large (the EU XML is about 25 MB), but not unbounded. */
const FETCH_LIMIT_BYTES = 64 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 60_000;

const toVersionDto = (r: SanctionsListVersionRow): ListVersion => ({
  id: r.id,
  source: r.source as ListSource,
  format: r.format as ListFormat,
  publishedAt: r.publishedAt,
  loadedAt: new Date(r.loadedAt).toISOString(),
  loadedBy: r.loadedBy,
  via: r.via as 'upload' | 'fetch',
  fileNames: fromJson<string[]>(r.fileNames, []),
  sha256: r.sha256,
  entryCount: Number(r.entryCount),
  current: r.current === 1 || r.current === true,
});

interface ListsDeps {
  db: Database['db'];
  audit: AuditRecorder;
  clock: Clock;
}

async function fetchText(url: string): Promise<{ text: string; lastModified: string | null }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'follow' });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  const length = Number(res.headers.get('content-length') ?? 0);
  if (length > FETCH_LIMIT_BYTES) throw new Error(`${url} is larger than 64 MB`);
  const buf = Buffer.from(await res.arrayBuffer());
  if (buf.length > FETCH_LIMIT_BYTES) throw new Error(`${url} is larger than 64 MB`);
  return { text: buf.toString('utf8'), lastModified: res.headers.get('last-modified') };
}

export function createLists(
  { db, audit, clock }: ListsDeps,
  onLoaded: () => Promise<{ vendors: number; newHits: number }>,
) {
  const settings = createSettingsStore(
    { db, audit, clock },
    {
      row: { get: repo.getSettings, put: repo.putSettings },
      schema: ScreeningSettings,
      defaults: DEFAULT_SETTINGS,
      resource: 'sanctionsList',
      action: 'screening.settings.update',
      entityType: 'screening_settings',
    },
  );

  /** Parse, then write the version and its entries in one transaction; the source's older versions stop being current. */
  async function load(
    actor: Actor,
    source: ListSource,
    body: LoadListBody,
    via: 'upload' | 'fetch',
  ): Promise<ListVersion | null> {
    if (!SOURCE_FORMATS[source].includes(body.format))
      throw invalid([
        {
          field: 'format',
          message: `must be one of ${SOURCE_FORMATS[source].join(', ')} for the ${SOURCE_LABELS[source]}`,
        },
      ]);
    const parsed = parseList(body.format, body.files as ListFiles);
    if (!parsed.ok)
      throw invalid(
        parsed.problems,
        `The file has ${parsed.problems.length} problem${parsed.problems.length === 1 ? '' : 's'}; nothing was loaded. ${parsed.problems
          .slice(0, 5)
          .map((p) => `${p.line ? `line ${p.line}: ` : ''}${p.field} ${p.message}`)
          .join('; ')}`,
      );
    const publishedAt = parsed.list.publishedAt ?? body.publishedOn ?? null;
    if (!publishedAt)
      throw invalid([
        {
          field: 'publishedOn',
          message: 'is required: OFAC’s CSV files carry no publication date of their own',
        },
      ]);
    const sha256 = createHash('sha256')
      .update(body.files.main)
      .update(body.files.alt ?? '')
      .update(body.files.add ?? '')
      .digest('hex');
    const at = clock.now().toISOString();
    return db.transaction().execute(async (tx) => {
      await lockName(tx, `screening-list:${source}`);
      const current = await repo.lockCurrent(tx, source);
      if (current?.sha256 === sha256) {
        if (via === 'fetch') return null;
        throw conflict(
          `This file is already the current version of the ${SOURCE_LABELS[source]} (published ${current.publishedAt}).`,
        );
      }
      if (current && publishedAt.slice(0, 10) < current.publishedAt.slice(0, 10))
        throw new AppError(
          409,
          'older-version',
          `This file was published ${publishedAt}, before the current version (${current.publishedAt}); nothing was loaded.`,
          [{ field: 'publishedOn', message: `is before the current version's ${current.publishedAt}` }],
        );
      await repo.supersede(tx, source);
      const row: SanctionsListVersionRow = {
        id: newId('slv'),
        source,
        format: body.format,
        publishedAt,
        loadedAt: at,
        loadedBy: actor.name,
        via,
        fileNames: toJson(body.fileNames ?? []),
        sha256,
        entryCount: parsed.list.entries.length,
        current: 1,
      };
      await repo.insertVersion(tx, row);
      await repo.insertEntries(
        tx,
        parsed.list.entries.map((e) => ({
          id: newId('sle'),
          versionId: row.id,
          source,
          ref: e.ref,
          kind: e.kind,
          names: toJson(e.names),
          countries: toJson(e.countries),
          identifiers: toJson(e.identifiers),
          programs: toJson(e.programs),
          remarks: e.remarks,
        })),
      );
      await audit.record(tx, actor, {
        action: 'screening.list.load',
        entityType: 'sanctions_list',
        entityId: row.id,
        changes: diff(null, {
          source,
          format: body.format,
          publishedAt,
          via,
          entryCount: row.entryCount,
          sha256,
        }),
      });
      return toVersionDto(row);
    });
  }

  /** Fetch a source's files from its URLs and load them; the attempt and its error are kept. */
  async function fetchSource(actor: Actor, source: ListSource): Promise<ListVersion | null> {
    const s = (await settings.read()).schedules[source];
    if (!s.url) throw invalid([{ field: `schedules.${source}.url`, message: 'is not set' }]);
    const at = clock.now().toISOString();
    try {
      const main = await fetchText(s.url);
      const alt = s.format === 'ofac_csv' && s.altUrl ? (await fetchText(s.altUrl)).text : undefined;
      const add = s.format === 'ofac_csv' && s.addUrl ? (await fetchText(s.addUrl)).text : undefined;
      // OFAC's CSV has no date inside: the server's Last-Modified date stands for it.
      const modified = main.lastModified ? new Date(main.lastModified) : null;
      const publishedOn =
        modified && !Number.isNaN(modified.getTime()) ? modified.toISOString().slice(0, 10) : at.slice(0, 10);
      const version = await load(
        actor,
        source,
        {
          format: s.format,
          files: { main: main.text, ...(alt ? { alt } : {}), ...(add ? { add } : {}) },
          fileNames: [s.url, s.altUrl, s.addUrl].filter((u): u is string => !!u).map((u) => u.slice(0, 200)),
          publishedOn,
        },
        'fetch',
      );
      await repo.recordFetch(db, source, at, null);
      return version;
    } catch (e) {
      const message = e instanceof AppError ? `${e.message}` : (e as Error).message;
      await repo.recordFetch(db, source, at, message.slice(0, 2000));
      throw e instanceof AppError
        ? e
        : invalid([{ field: `schedules.${source}.url`, message: `could not be fetched: ${message}` }]);
    }
  }

  return {
    settings,
    load: async (actor: Actor, source: ListSource, body: LoadListBody) => {
      authorize(actor, 'sanctionsList', 'import');
      const version = (await load(actor, source, body, 'upload'))!;
      return { version, screened: await onLoaded() };
    },

    fetchNow: async (actor: Actor, source: ListSource) => {
      authorize(actor, 'sanctionsList', 'import');
      const version = await fetchSource(actor, source);
      return { version, screened: version ? await onLoaded() : { vendors: 0, newHits: 0 } };
    },

    /** The scheduler's pass: each enabled source whose interval has passed since its last attempt. */
    async fetchDue(actor: Actor) {
      const s = await settings.read();
      const attempts = new Map((await repo.fetchAttempts(db)).map((a) => [a.source, a]));
      const now = clock.now().getTime();
      const out: Record<string, string> = {};
      let loaded = false;
      for (const source of LIST_SOURCES) {
        const sch = s.schedules[source];
        if (!sch.enabled || !sch.url) continue;
        const last = attempts.get(source);
        if (last && now - new Date(last.attemptedAt).getTime() < sch.everyHours * 3_600_000) continue;
        try {
          const v = await fetchSource(actor, source);
          out[source] = v ? `loaded ${v.entryCount} entries published ${v.publishedAt}` : 'unchanged';
          loaded ||= v !== null;
        } catch (e) {
          out[source] = `failed: ${(e as Error).message}`;
        }
      }
      if (loaded) await onLoaded();
      return out;
    },

    async overview(actor: Actor) {
      authorize(actor, 'sanctionsList', 'read');
      const [s, current, attempts] = await Promise.all([
        settings.read(),
        repo.currentVersions(db),
        repo.fetchAttempts(db),
      ]);
      return {
        threshold: s.threshold,
        lists: LIST_SOURCES.map((source) => {
          const v = current.find((c) => c.source === source);
          const a = attempts.find((x) => x.source === source);
          return {
            source,
            label: SOURCE_LABELS[source],
            current: v ? toVersionDto(v) : null,
            schedule: s.schedules[source],
            lastFetch: a ? { attemptedAt: new Date(a.attemptedAt).toISOString(), error: a.error } : null,
          };
        }),
      };
    },

    async versions(actor: Actor, query: { source?: ListSource; limit: number; cursor?: string }) {
      authorize(actor, 'sanctionsList', 'read');
      const rows = await repo.listVersions(db, query);
      return toPage(rows, query.limit, (r) => [new Date(r.loadedAt).toISOString(), r.id], toVersionDto);
    },
  };
}
