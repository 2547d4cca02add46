/**
 * Screening: a vendor's names (name, legal name, aliases), its contacts and its sub-processors
 * against the current list versions; hits to review; the hold a true match puts on the vendor.
 */
import type { z } from 'zod';
import {
  type DecideHitBody,
  type EntryKind,
  type Hit,
  type HitListQuery,
  type ListEntry,
  type ListSource,
  SOURCE_LABELS,
  type SubjectType,
  type VendorScreening,
} from '../../../contracts/screening';
import type { Vendor, VendorListQuery } from '../../../contracts/vendors';
import type { Database, Executor } from '../../db/database';
import { fromJson, toJson } from '../../db/database';
import { toPage } from '../../db/pagination';
import type { ScreeningHitRow } from '../../db/schema';
import { AppError, conflict, forbidden, notFound } from '../../errors';
import type { Clock } from '../../lib/clock';
import { newId } from '../../lib/ids';
import type { PageOf } from '../../lib/pages';
import { type Actor, authorize, systemActor } from '../../policy';
import { diff } from '../audit/rules';
import type { AuditRecorder } from '../audit/service';
import { subProcessorsOfVendors } from '../data-sharing/queries';
import { createLists } from './lists';
import * as repo from './repository';
import { buildIndex, holdSentence, nameKey, screeningStatus } from './rules';

interface Contact {
  id: string;
  name: string;
}

export interface ScreeningDeps {
  db: Database['db'];
  audit: AuditRecorder;
  clock: Clock;
  vendors: {
    list(actor: Actor, query: VendorListQuery): Promise<PageOf<Vendor>>;
    get(actor: Actor, id: string): Promise<Vendor & { contacts?: Contact[] }>;
    listContacts(actor: Actor, vendorId: string): Promise<Contact[]>;
  };
  notify(
    tx: Executor,
    input: {
      userIds: string[];
      type: string;
      title: string;
      body: string;
      link?: string;
      dedupeKey?: string;
    },
  ): Promise<number>;
  /** Active owners and administrators. */
  admins(): Promise<string[]>;
}

interface Subject {
  type: SubjectType;
  ref: string | null;
  name: string;
  country: string | null;
}

type VendorFacts = Pick<Vendor, 'id' | 'name' | 'legalName' | 'country'>;

const toEntry = (json: string): ListEntry => fromJson<ListEntry>(json, {} as ListEntry);

function toHitDto(r: ScreeningHitRow & { vendorName: string }): Hit {
  return {
    id: r.id,
    vendorId: r.vendorId,
    vendorName: r.vendorName,
    subjectType: r.subjectType as SubjectType,
    subjectName: r.subjectName,
    subjectCountry: r.subjectCountry,
    entry: toEntry(r.entry),
    matchedName: r.matchedName,
    score: Math.round(Number(r.score) * 1000) / 1000,
    status: r.status as Hit['status'],
    reason: r.reason,
    decidedBy: r.decidedBy,
    decidedAt: r.decidedAt ? new Date(r.decidedAt).toISOString() : null,
    createdAt: new Date(r.createdAt).toISOString(),
    updatedAt: new Date(r.updatedAt).toISOString(),
  };
}

const auditableHit = (r: ScreeningHitRow) => ({
  subjectType: r.subjectType,
  subjectName: r.subjectName,
  source: r.source,
  entryRef: r.entryRef,
  matchedName: r.matchedName,
  score: Math.round(Number(r.score) * 1000) / 1000,
  status: r.status,
  reason: r.reason,
});

export function createScreeningService(deps: ScreeningDeps) {
  const { db, audit, clock, vendors } = deps;
  const system = systemActor('screening');
  const now = () => clock.now().toISOString();

  // The index of the current versions' entries, rebuilt when a version changes.
  let cache: {
    key: string;
    entries: ListEntry[];
    versionIds: string[];
    index: ReturnType<typeof buildIndex>;
  } | null = null;
  async function index() {
    const versions = await repo.currentVersions(db);
    const key = versions
      .map((v) => v.id)
      .sort()
      .join(',');
    if (cache?.key === key) return cache;
    const rows = await repo.currentEntries(db);
    const entries: ListEntry[] = rows.map((r) => ({
      source: r.source as ListSource,
      ref: r.ref,
      kind: r.kind as EntryKind,
      names: fromJson<string[]>(r.names, []),
      countries: fromJson<string[]>(r.countries, []),
      identifiers: fromJson<string[]>(r.identifiers, []),
      programs: fromJson<string[]>(r.programs, []),
      remarks: r.remarks,
      publishedAt: r.publishedAt,
    }));
    cache = {
      key,
      entries,
      versionIds: rows.map((r) => r.versionId),
      index: buildIndex(
        entries.map((e, i) => ({ index: i, kind: e.kind, countries: e.countries, names: e.names })),
      ),
    };
    return cache;
  }

  function subjectsOf(
    v: VendorFacts,
    aliases: string[],
    contacts: Contact[],
    subs: Array<{ name: string; country: string }>,
  ): Subject[] {
    const out: Subject[] = [{ type: 'vendor', ref: null, name: v.name, country: v.country }];
    if (v.legalName) out.push({ type: 'legal_name', ref: null, name: v.legalName, country: v.country });
    for (const a of aliases) out.push({ type: 'alias', ref: null, name: a, country: v.country });
    for (const c of contacts) out.push({ type: 'contact', ref: c.id, name: c.name, country: null });
    for (const s of subs) out.push({ type: 'sub_processor', ref: s.name, name: s.name, country: s.country });
    return out;
  }

  /** Every subject's matches at or above the threshold, one per list entry and normalised name. */
  function matchAll(
    v: VendorFacts,
    subjects: Subject[],
    threshold: number,
    idx: Awaited<ReturnType<typeof index>>,
  ) {
    const found = new Map<
      string,
      Omit<
        ScreeningHitRow,
        'id' | 'status' | 'reason' | 'decidedBy' | 'decidedAt' | 'createdAt' | 'updatedAt'
      >
    >();
    for (const s of subjects) {
      const key = nameKey(s.name);
      for (const c of idx.index.match(s, threshold)) {
        const e = idx.entries[c.entry]!;
        const k = `${e.source}|${e.ref}|${key}`;
        const prev = found.get(k);
        if (prev && Number(prev.score) >= c.score) continue;
        found.set(k, {
          vendorId: v.id,
          subjectType: s.type,
          subjectRef: s.ref,
          subjectName: s.name,
          subjectCountry: s.country,
          nameKey: key,
          source: e.source,
          entryRef: e.ref,
          versionId: idx.versionIds[c.entry]!,
          entry: toJson(e),
          matchedName: c.matchedName,
          score: c.score,
        });
      }
    }
    return found;
  }

  /** Bring a vendor's hits in line with what matched, in the caller's transaction; answers the new hits. */
  async function reconcile(tx: Executor, v: VendorFacts, found: Awaited<ReturnType<typeof matchAll>>) {
    const at = now();
    const fresh: ScreeningHitRow[] = [];
    {
      const existing = new Map(
        (await repo.hitsOfVendor(tx, v.id)).map((h) => [`${h.source}|${h.entryRef}|${h.nameKey}`, h]),
      );
      for (const [k, m] of found) {
        const h = existing.get(k);
        existing.delete(k);
        if (!h) {
          const row: ScreeningHitRow = {
            ...m,
            id: newId('hit'),
            status: 'open',
            reason: null,
            decidedBy: null,
            decidedAt: null,
            createdAt: at,
            updatedAt: at,
          };
          await repo.insertHit(tx, row);
          await audit.record(tx, system, {
            action: 'screening.hit.open',
            entityType: 'vendor',
            entityId: v.id,
            changes: diff(null, auditableHit(row)),
          });
          fresh.push(row);
        } else if (h.status === 'false_positive') {
          // Decided once for this entry and name: not raised again.
        } else if (h.status === 'cleared') {
          const row = {
            ...h,
            ...m,
            status: 'open',
            reason: null,
            decidedBy: null,
            decidedAt: null,
            updatedAt: at,
          };
          await repo.updateHit(tx, h.id, row);
          await audit.record(tx, system, {
            action: 'screening.hit.reopen',
            entityType: 'vendor',
            entityId: v.id,
            changes: diff(auditableHit(h), auditableHit(row)),
          });
          fresh.push(row);
        } else if (
          Math.abs(Number(h.score) - Number(m.score)) > 1e-9 ||
          h.entry !== m.entry ||
          h.subjectName !== m.subjectName
        ) {
          await repo.updateHit(tx, h.id, { ...m, updatedAt: at });
        }
      }
      // Open hits that no longer match (a renamed subject, an entry gone from the list) are cleared.
      for (const h of existing.values()) {
        if (h.status !== 'open') continue;
        const reason = 'No longer matches: the name or the list entry changed.';
        await repo.updateHit(tx, h.id, { status: 'cleared', reason, updatedAt: at });
        await audit.record(tx, system, {
          action: 'screening.hit.clear',
          entityType: 'vendor',
          entityId: v.id,
          changes: diff(auditableHit(h), auditableHit({ ...h, status: 'cleared', reason })),
        });
      }
      await repo.markScreened(tx, v.id, at);
    }
    return fresh;
  }

  /** Match, then bring the vendor's hits in line in one transaction; answers the new hits. */
  async function screen(
    v: VendorFacts,
    subjects: Subject[],
    threshold: number,
    idx: Awaited<ReturnType<typeof index>>,
  ) {
    const found = matchAll(v, subjects, threshold, idx);
    return db.transaction().execute((tx) => reconcile(tx, v, found));
  }

  async function announce(v: VendorFacts, fresh: ScreeningHitRow[]) {
    if (!fresh.length) return;
    const admins = await deps.admins();
    await db.transaction().execute(async (tx) => {
      for (const h of fresh)
        await deps.notify(tx, {
          userIds: admins,
          type: 'screening.hit',
          title: `Sanctions screening hit to review: ${v.name}`,
          body: `"${h.subjectName}" resembles "${h.matchedName}" on the ${SOURCE_LABELS[h.source as ListSource]} (score ${toHitDto({ ...h, vendorName: v.name }).score}).`,
          link: `/screening/hits/${h.id}`,
          dedupeKey: `screening.hit:${h.id}:${h.updatedAt}`,
        });
    });
  }

  /** Screen one vendor now, reading it as the system (callers check their own permission). */
  async function screenVendor(vendorId: string) {
    const idx = await index();
    const threshold = (await lists.settings.read()).threshold;
    const v = await vendors.get(system, vendorId);
    const [aliases, subs] = await Promise.all([
      repo.aliasesOf(db, [vendorId]),
      subProcessors(db, [vendorId]),
    ]);
    const fresh = await screen(
      v,
      subjectsOf(
        v,
        aliases.map((a) => a.name),
        v.contacts ?? [],
        subs.get(vendorId) ?? [],
      ),
      threshold,
      idx,
    );
    await announce(v, fresh);
    return fresh.length;
  }

  async function subProcessors(executor: Executor, vendorIds: string[]) {
    const out = new Map<string, Array<{ name: string; country: string }>>();
    for (const r of await subProcessorsOfVendors(executor, vendorIds)) {
      const list = out.get(r.vendorId) ?? [];
      for (const s of fromJson<Array<{ name: string; country: string }>>(r.subProcessors, []))
        if (!list.some((x) => x.name === s.name && x.country === s.country))
          list.push({ name: s.name, country: s.country });
      out.set(r.vendorId, list);
    }
    return out;
  }

  /** Every vendor against the current versions (after a load). */
  async function screenAll() {
    const idx = await index();
    const threshold = (await lists.settings.read()).threshold;
    let count = 0;
    let newHits = 0;
    let cursor: string | undefined;
    do {
      const page = await vendors.list(system, { sort: 'name', limit: 200, cursor });
      const ids = page.items.map((v) => v.id);
      const [aliases, subs] = await Promise.all([repo.aliasesOf(db, ids), subProcessors(db, ids)]);
      const found: Array<ReturnType<typeof matchAll>> = [];
      for (const v of page.items) {
        const contacts = await vendors.listContacts(system, v.id);
        const own = aliases.filter((a) => a.vendorId === v.id).map((a) => a.name);
        found.push(matchAll(v, subjectsOf(v, own, contacts, subs.get(v.id) ?? []), threshold, idx));
      }
      // One transaction per page: a list load screens thousands of vendors.
      const fresh = await db.transaction().execute(async (tx) => {
        const out: ScreeningHitRow[][] = [];
        for (const [i, v] of page.items.entries()) out.push(await reconcile(tx, v, found[i]!));
        return out;
      });
      for (const [i, v] of page.items.entries()) {
        await announce(v, fresh[i]!);
        newHits += fresh[i]!.length;
        count++;
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return { vendors: count, newHits };
  }

  const lists = createLists({ db, audit, clock }, screenAll);

  async function loadHit(id: string) {
    const h = await repo.findHit(db, id);
    if (!h) throw notFound('screening hit');
    return h;
  }

  /** The sentence of a vendor's hold, or null when no true match holds it (no permission check). */
  async function holdOf(executor: Executor, vendorId: string): Promise<string | null> {
    const [h] = await repo.trueMatches(executor, vendorId);
    return h
      ? holdSentence({
          sourceLabel: SOURCE_LABELS[h.source as ListSource],
          entryRef: h.entryRef,
          matchedName: h.matchedName,
        })
      : null;
  }

  async function vendorStatus(actor: Actor, vendorId: string): Promise<VendorScreening> {
    authorize(actor, 'vendorScreening', 'read');
    await vendors.get(actor, vendorId);
    const [at, counts, aliases] = await Promise.all([
      repo.screenedAt(db, vendorId),
      repo.hitCounts(db, vendorId),
      repo.aliasesOf(db, [vendorId]),
    ]);
    return {
      vendorId,
      status: screeningStatus(at !== null, counts),
      screenedAt: at ? new Date(at).toISOString() : null,
      openHits: counts.open,
      trueMatches: counts.trueMatches,
      aliases: aliases.map((a) => a.name),
    };
  }

  return {
    lists,
    screenVendor,
    screenAll,
    holdOf,

    /**
     * For the owning modules after a screened name changed (a vendor created or renamed, a
     * contact, a sub-processor): screen the vendor again. A failure is left for the next list
     * load or a manual screening rather than undoing the change.
     */
    async onNamesChanged(vendorId: string) {
      try {
        await screenVendor(vendorId);
      } catch (e) {
        if (!(e instanceof AppError && e.status === 404)) throw e;
      }
    },

    /** Every true match, for the risk signal (no permission check). */
    trueMatches: async () => (await repo.trueMatches(db)).map(toHitDto),

    async listHits(actor: Actor, query: z.infer<typeof HitListQuery>) {
      authorize(actor, 'sanctionsHit', 'read');
      const rows = await repo.listHits(db, query);
      return toPage(rows, query.limit, (r) => [new Date(r.createdAt).toISOString(), r.id], toHitDto);
    },

    async getHit(actor: Actor, id: string) {
      authorize(actor, 'sanctionsHit', 'read');
      return toHitDto(await loadHit(id));
    },

    async decide(actor: Actor, id: string, body: DecideHitBody) {
      authorize(actor, 'sanctionsHit', 'decide');
      const admins = body.decision === 'true_match' ? await deps.admins() : [];
      return db.transaction().execute(async (tx) => {
        await repo.lockHit(tx, id);
        const h = await repo.findHit(tx, id);
        if (!h) throw notFound('screening hit');
        if (h.status === 'cleared')
          throw conflict(
            'This hit no longer matches (the name or the list entry changed); there is nothing to decide.',
          );
        if (h.status === body.decision)
          throw conflict(`This hit is already decided as ${body.decision.replace('_', ' ')}.`);
        if (h.status !== 'open' && actor.role !== 'owner' && actor.role !== 'admin')
          throw forbidden('Only an owner or administrator may change a decision already taken.');
        const at = now();
        const next = {
          ...h,
          status: body.decision,
          reason: body.reason,
          decidedBy: actor.name,
          decidedAt: at,
          updatedAt: at,
        };
        await repo.updateHit(tx, id, {
          status: next.status,
          reason: next.reason,
          decidedBy: next.decidedBy,
          decidedAt: at,
          updatedAt: at,
        });
        await audit.record(tx, actor, {
          action: 'screening.hit.decide',
          entityType: 'vendor',
          entityId: h.vendorId,
          changes: diff(auditableHit(h), auditableHit(next)),
        });
        if (body.decision === 'true_match')
          await deps.notify(tx, {
            userIds: [...(h.vendorOwnerId ? [h.vendorOwnerId] : []), ...admins],
            type: 'screening.true_match',
            title: `Sanctions match confirmed: ${h.vendorName}`,
            body: `${actor.name} confirmed that "${h.subjectName}" is "${h.matchedName}" on the ${SOURCE_LABELS[h.source as ListSource]} (entry ${h.entryRef}): ${body.reason} The vendor cannot be approved and no new engagement can be opened with it.`,
            link: `/screening/hits/${h.id}`,
            dedupeKey: `screening.true_match:${h.id}:${at}`,
          });
        return toHitDto(next);
      });
    },

    vendorStatus,

    async rescreen(actor: Actor, vendorId: string) {
      authorize(actor, 'vendorScreening', 'update');
      await vendors.get(actor, vendorId);
      await screenVendor(vendorId);
      return vendorStatus(actor, vendorId);
    },

    async putAliases(actor: Actor, vendorId: string, names: string[]) {
      authorize(actor, 'vendorScreening', 'update');
      await vendors.get(actor, vendorId);
      await db.transaction().execute(async (tx) => {
        const before = (await repo.aliasesOf(tx, [vendorId])).map((a) => a.name);
        await repo.replaceAliases(
          tx,
          vendorId,
          names,
          now(),
          names.map(() => newId('sal')),
        );
        await audit.record(tx, actor, {
          action: 'screening.aliases.update',
          entityType: 'vendor',
          entityId: vendorId,
          changes: diff({ aliases: before }, { aliases: names }),
        });
      });
      await screenVendor(vendorId);
      return vendorStatus(actor, vendorId);
    },
  };
}
