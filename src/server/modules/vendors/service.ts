import type { z } from 'zod';
import type { ContactBody, ContactPatch, Criticality } from '../../../contracts/vendors';
import {
  CreateVendorBody,
  type UpdateVendorBody,
  type Vendor as VendorDto,
  type VendorListQuery,
  type VendorStatus,
} from '../../../contracts/vendors';
import type { Database, Executor } from '../../db/database';
import { fromJson, toJson } from '../../db/database';
import { toPage } from '../../db/pagination';
import type { Vendor, VendorContact } from '../../db/schema';
import { AppError, conflict, type FieldError, forbidden, invalid, notFound } from '../../errors';
import type { Clock } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { type Actor, authorize, isInternal, type Scope, VENDOR_INTERNAL_FIELDS } from '../../policy';
import { diff } from '../audit/rules';
import type { AuditRecorder } from '../audit/service';
import type { PublishInput } from '../events/service';
import { parseVendorCsv, rowToBody, toCsv } from './csv';
import * as repo from './repository';
import { allowedTransitions, canTransition, defaultTimeZone } from './rules';
import { toSiteDto } from './sites';

interface UserDirectory {
  byEmails(tx: Executor, emails: string[]): Promise<Array<{ id: string; email: string; role: string }>>;
  byIds(tx: Executor, ids: string[]): Promise<Array<{ id: string; email: string; role: string }>>;
}

/** Something that refers to vendors and so stops one from being deleted (user accounts, files, engagements…). */
interface VendorDependent {
  what: string;
  count(tx: Executor, vendorId: string): Promise<number>;
}

/** Asked before a vendor becomes approved (the diligence checklist); run outside any transaction. */
interface ApprovalGate {
  evaluate(
    vendorId: string | null,
    criticality: Criticality,
  ): Promise<{ complete: boolean; missing: string[] }>;
}

export interface VendorDeps {
  db: Database['db'];
  audit: AuditRecorder;
  clock: Clock;
  /** The read side, made before the modules this life cycle depends on. */
  directory: VendorDirectory;
  users: UserDirectory;
  /** What refers to a vendor and stops it from being deleted. */
  dependents: VendorDependent[];
  approvalGate?: ApprovalGate;
  /** Run inside the transaction that offboards a vendor: cut its users off (accounts). */
  onOffboard?: (tx: Executor, actor: Actor, vendorId: string) => Promise<unknown>;
  /** Publish a domain event inside the causing transaction (the event bus). */
  publish?: (tx: Executor, input: PublishInput) => Promise<unknown>;
  /** Run inside the transaction that changes a vendor's criticality: recompute its risk tier (data sharing). */
  onCriticalityChange?: (
    tx: Executor,
    actor: Actor,
    vendorId: string,
    criticality: Criticality,
  ) => Promise<unknown>;
  /**
   * Sanctions screening: the hold a confirmed match puts on a vendor (read inside the caller's
   * transaction), and screening the vendor again after a screened name changed (after the commit).
   */
  screening?: {
    hold(tx: Executor, vendorId: string): Promise<string | null>;
    onNamesChanged(vendorId: string): Promise<unknown>;
  };
}

/** The 409 of an approval the checklist does not allow, naming each missing item. */
const gateRefusal = (missing: string[], how: string) =>
  new AppError(
    409,
    'diligence-incomplete',
    `The diligence checklist is incomplete: ${missing.join('; ')}. ${how}`,
    // One field error per missing item, so that clients can list them.
    missing.map((message) => ({ field: 'status', message })),
  );

const toContactDto = (c: VendorContact) => ({
  id: c.id,
  vendorId: c.vendorId,
  name: c.name,
  email: c.email,
  phone: c.phone,
  role: c.role,
  timezone: c.timezone,
});

/** The API view of a vendor; vendor users do not see internal notes. */
function toVendorDto(v: Vendor, actor: Actor, contacts?: VendorContact[]): VendorDto {
  const status = v.status as VendorStatus;
  return {
    id: v.id,
    name: v.name,
    legalName: v.legalName,
    country: v.country,
    timezone: v.timezone,
    languages: fromJson<string[]>(v.languages, []),
    services: fromJson<string[]>(v.services, []),
    website: v.website,
    status,
    criticality: v.criticality as VendorDto['criticality'],
    ownerId: v.ownerId,
    ...(isInternal(actor) ? { notes: v.notes, lei: v.lei } : {}),
    ...(contacts ? { contacts: contacts.map(toContactDto) } : {}),
    allowedTransitions: [...allowedTransitions(status)],
    createdAt: v.createdAt,
    updatedAt: v.updatedAt,
  };
}

/** Did a change touch what sanctions screening reads (the names, and the country that weighs the score)? */
const namesChanged = (a: Vendor, b: Vendor) =>
  a.name !== b.name || a.legalName !== b.legalName || a.country !== b.country;

/** The fields of a vendor the audit trail compares. */
const auditable = (v: Vendor) => ({
  name: v.name,
  legalName: v.legalName,
  country: v.country,
  timezone: v.timezone,
  languages: fromJson(v.languages, []),
  services: fromJson(v.services, []),
  website: v.website,
  status: v.status,
  criticality: v.criticality,
  ownerId: v.ownerId,
  notes: v.notes,
  lei: v.lei,
});

type VendorInput = z.infer<typeof CreateVendorBody>;

/** Body field names back to the CSV column names users see. */
const CSV_NAME: Record<string, string> = { legalName: 'legal_name', ownerId: 'owner_email' };

function describe(errors: FieldError[]): string {
  const first = errors.slice(0, 5).map((e) => `line ${e.line}: ${e.field} ${e.message}`);
  const more = errors.length > 5 ? ` (and ${errors.length - 5} more)` : '';
  return `The CSV has ${errors.length} problem${errors.length === 1 ? '' : 's'}; nothing was imported. ${first.join('; ')}${more}`;
}

/** Loads a vendor within a scope; 404 when there is none the scope sees. */
async function loadScoped(tx: Executor, scope: Scope, id: string): Promise<Vendor> {
  const vendor = await repo.find(tx, scope, id);
  if (!vendor) throw notFound('vendor');
  return vendor;
}

/**
 * The read side of vendors: it depends on nothing but its tables, so the composition root makes
 * it before the modules that look vendors up (accounts, engagements…), and the life cycle later.
 */
export function createVendorDirectory({ db }: { db: Database['db'] }) {
  return {
    exists: async (tx: Executor, id: string) => (await repo.find(tx, { vendorId: null }, id)) !== undefined,
    /** Which of these ids are vendors' (no permission check: callers check). */
    idsAmong: (tx: Executor, ids: string[]) => repo.idsAmong(tx, ids),
    /**
     * The DORA register's view of every vendor: the fields its audit events name, so records can
     * be rebuilt as they stood on a date (no permission check: callers check).
     */
    async registerRecords(tx: Executor) {
      const out: Array<{
        id: string;
        name: string;
        legalName: string | null;
        country: string;
        lei: string | null;
      }> = [];
      for (let after: string | null = null; ; ) {
        const rows: Vendor[] = await repo.all(tx, after, 500);
        for (const v of rows)
          out.push({ id: v.id, name: v.name, legalName: v.legalName, country: v.country, lei: v.lei });
        if (rows.length < 500) return out;
        after = rows[rows.length - 1]!.id;
      }
    },
    /** Ids of the vendors a user owns (no permission check: callers check). */
    ownedBy: (tx: Executor, userId: string) => repo.ownedBy(tx, userId),

    /** The few facts other modules need about a vendor (no permission check: callers check their own). */
    async profile(tx: Executor, id: string) {
      const v = await repo.find(tx, { vendorId: null }, id);
      return v
        ? {
            id: v.id,
            name: v.name,
            country: v.country,
            timezone: v.timezone,
            status: v.status as VendorStatus,
            criticality: v.criticality as Criticality,
            ownerId: v.ownerId,
          }
        : undefined;
    },

    async list(actor: Actor, query: VendorListQuery) {
      const scope = authorize(actor, 'vendor', 'read');
      // Filtering or sorting by an internal field would tell a vendor user its value.
      if (!isInternal(actor)) {
        const errors: FieldError[] = VENDOR_INTERNAL_FIELDS.filter(
          (f) => (query as Record<string, unknown>)[f] !== undefined,
        ).map((field) => ({ field, message: 'is internal: vendor users may not filter by it' }));
        if (query.sort === 'status' || query.sort === '-status')
          errors.push({ field: 'sort', message: 'is internal: vendor users may not sort by status' });
        if (errors.length) throw invalid(errors);
      }
      const rows = await repo.list(db, scope, query);
      return toPage(
        rows,
        query.limit,
        (r) => [repo.sortValue(r, query.sort), r.id],
        (r) => toVendorDto(r, actor),
      );
    },

    async get(actor: Actor, id: string) {
      const scope = authorize(actor, 'vendor', 'read');
      const vendor = await loadScoped(db, scope, id);
      return toVendorDto(vendor, actor, await repo.contactsOf(db, [id]));
    },

    /** A vendor's delivery sites (no permission check: callers check, as the brief does through `get`). */
    sitesOf: async (tx: Executor, vendorId: string) => (await repo.sitesOf(tx, vendorId)).map(toSiteDto),

    async listContacts(actor: Actor, vendorId: string) {
      const scope = authorize(actor, 'vendorContact', 'read');
      await loadScoped(db, scope, vendorId);
      return (await repo.contactsOf(db, [vendorId])).map(toContactDto);
    },
  };
}

type VendorDirectory = ReturnType<typeof createVendorDirectory>;

export function createVendorService({
  db,
  audit,
  clock,
  directory,
  users,
  dependents,
  approvalGate,
  onOffboard,
  onCriticalityChange,
  publish,
  screening,
}: VendorDeps) {
  const now = () => clock.now().toISOString();

  /**
   * Ask the gate when a vendor is about to become approved. Answers the override to audit when
   * an owner or administrator gave a reason for an incomplete checklist; throws otherwise.
   */
  async function checkApproval(
    actor: Actor,
    vendor: Vendor | null,
    body: { status?: VendorStatus; criticality?: Criticality; overrideReason?: string },
  ): Promise<{ reason: string; missing: string[] } | null> {
    if (body.overrideReason !== undefined && body.status !== 'approved')
      throw invalid([{ field: 'overrideReason', message: 'is only taken together with status approved' }]);
    if (body.status === 'approved' && vendor && vendor.status !== 'approved' && screening) {
      const hold = await screening.hold(db, vendor.id);
      if (hold) throw invalid([{ field: 'status', message: 'is held by a confirmed sanctions match' }], hold);
    }
    if (!approvalGate || body.status !== 'approved' || vendor?.status === 'approved') return null;
    if (vendor && !canTransition(vendor.status as VendorStatus, 'approved')) return null; // applyChange says why
    const criticality = body.criticality ?? (vendor?.criticality as Criticality | undefined) ?? 'medium';
    const gate = await approvalGate.evaluate(vendor?.id ?? null, criticality);
    if (gate.complete) return null;
    if (!body.overrideReason)
      throw gateRefusal(
        gate.missing,
        vendor
          ? 'Complete it, or have an owner or administrator override with a written reason.'
          : 'Create the vendor under review and approve it once its diligence is done.',
      );
    if (actor.role !== 'owner' && actor.role !== 'admin')
      throw forbidden(
        'Only an owner or administrator may approve a vendor whose diligence checklist is incomplete.',
      );
    return { reason: body.overrideReason, missing: gate.missing };
  }

  /** An owner must be an internal user (vendor users cannot own a vendor record). */
  async function checkOwner(tx: Executor, ownerId: string | null | undefined, field = 'ownerId') {
    if (!ownerId) return;
    const [user] = await users.byIds(tx, [ownerId]);
    if (!user || user.role === 'vendor')
      throw invalid([{ field, message: 'must be the id of an internal user' }]);
  }

  function newRow(input: VendorInput, at: string): Vendor {
    return {
      id: newId('vnd'),
      name: input.name,
      legalName: input.legalName ?? null,
      country: input.country,
      timezone: input.timezone ?? defaultTimeZone(input.country),
      languages: toJson(input.languages ?? []),
      services: toJson(input.services ?? []),
      website: input.website ?? null,
      status: input.status ?? 'prospect',
      criticality: input.criticality ?? 'medium',
      ownerId: input.ownerId ?? null,
      notes: input.notes ?? null,
      lei: input.lei ?? null,
      createdAt: at,
      updatedAt: at,
    };
  }

  /** Apply a change to a stored vendor: checks the transition, returns the new row. */
  function applyChange(vendor: Vendor, body: z.infer<typeof UpdateVendorBody>, at: string): Vendor {
    const from = vendor.status as VendorStatus;
    if (body.status && !canTransition(from, body.status)) {
      const allowed = allowedTransitions(from);
      throw new AppError(
        409,
        'invalid-transition',
        `A ${from} vendor cannot become ${body.status}; allowed: ${allowed.join(', ') || 'none'}.`,
        [{ field: 'status', message: `must be one of ${allowed.join(', ')}` }],
        { allowed },
      );
    }
    const next: Vendor = { ...vendor, updatedAt: at };
    if (body.name !== undefined) next.name = body.name;
    if (body.legalName !== undefined) next.legalName = body.legalName;
    if (body.country !== undefined) next.country = body.country;
    if (body.timezone !== undefined) next.timezone = body.timezone;
    if (body.languages !== undefined) next.languages = toJson(body.languages);
    if (body.services !== undefined) next.services = toJson(body.services);
    if (body.website !== undefined) next.website = body.website;
    if (body.status !== undefined) next.status = body.status;
    if (body.criticality !== undefined) next.criticality = body.criticality;
    if (body.ownerId !== undefined) next.ownerId = body.ownerId;
    if (body.notes !== undefined) next.notes = body.notes;
    if (body.lei !== undefined) next.lei = body.lei;
    return next;
  }

  async function createIn(tx: Executor, actor: Actor, input: VendorInput): Promise<Vendor> {
    const row = newRow(input, now());
    await repo.insert(tx, row);
    await audit.record(tx, actor, {
      action: 'vendor.create',
      entityType: 'vendor',
      entityId: row.id,
      changes: diff(null, auditable(row)),
    });
    for (const c of input.contacts ?? []) await addContactIn(tx, actor, row.id, c);
    return row;
  }

  async function updateIn(
    tx: Executor,
    actor: Actor,
    vendor: Vendor,
    body: z.infer<typeof UpdateVendorBody>,
  ) {
    const next = applyChange(vendor, body, now());
    const { id: _id, createdAt: _c, ...patch } = next;
    await repo.update(tx, vendor.id, patch);
    const action = body.status && body.status !== vendor.status ? 'vendor.status' : 'vendor.update';
    await audit.record(tx, actor, {
      action,
      entityType: 'vendor',
      entityId: vendor.id,
      changes: diff(auditable(vendor), auditable(next)),
    });
    if (next.status !== vendor.status)
      await publish?.(tx, {
        type: 'vendor.status_changed',
        vendorId: vendor.id,
        payload: {
          vendorName: next.name,
          from: vendor.status,
          to: next.status,
          actorId: actor.id,
          by: actor.name,
        },
      });
    // Offboarding ends portal access in the same transaction: nobody keeps a session or a token.
    if (next.status === 'offboarded' && vendor.status !== 'offboarded')
      await onOffboard?.(tx, actor, vendor.id);
    if (next.criticality !== vendor.criticality)
      await onCriticalityChange?.(tx, actor, vendor.id, next.criticality as Criticality);
    return next;
  }

  async function addContactIn(
    tx: Executor,
    actor: Actor,
    vendorId: string,
    body: z.infer<typeof ContactBody>,
  ) {
    const at = now();
    const contact: VendorContact = {
      id: newId('vct'),
      vendorId,
      name: body.name,
      email: body.email ?? null,
      phone: body.phone ?? null,
      role: body.role ?? null,
      timezone: body.timezone ?? null,
      createdAt: at,
      updatedAt: at,
    };
    await repo.insertContact(tx, contact);
    const { createdAt: _a, updatedAt: _b, ...fields } = contact;
    await audit.record(tx, actor, {
      action: 'vendor.contact.create',
      entityType: 'vendor',
      entityId: vendorId,
      changes: diff(null, fields),
    });
    return contact;
  }

  return {
    ...directory,

    async create(actor: Actor, body: VendorInput) {
      authorize(actor, 'vendor', 'create');
      await checkApproval(actor, null, { status: body.status, criticality: body.criticality });
      const created = await db.transaction().execute(async (tx) => {
        await checkOwner(tx, body.ownerId);
        const row = await createIn(tx, actor, body);
        return toVendorDto(row, actor, await repo.contactsOf(tx, [row.id]));
      });
      await screening?.onNamesChanged(created.id);
      return created;
    },

    async update(actor: Actor, id: string, body: z.infer<typeof UpdateVendorBody>) {
      const scope = authorize(actor, 'vendor', 'update');
      if (!isInternal(actor)) {
        const internal = VENDOR_INTERNAL_FIELDS.filter((f) => body[f] !== undefined);
        if (internal.length) {
          // Make sure the vendor is theirs first, so another vendor's id still answers 404.
          await loadScoped(db, scope, id);
          throw forbidden(`Vendor users may not change ${internal.join(', ')}.`);
        }
        // The name is how the client knows the vendor (lists, reports, exports): only the client
        // renames it, so a vendor user cannot pass itself off as another vendor.
        if (body.name !== undefined) {
          const vendor = await loadScoped(db, scope, id);
          if (body.name !== vendor.name)
            throw invalid(
              [
                {
                  field: 'name',
                  message: 'is kept by the client: ask your contact there to rename your vendor',
                },
              ],
              'Vendor users may not rename their vendor.',
            );
        }
      }
      // The gate reads other modules, so it runs before the transaction; the transition is checked again inside.
      const override = await checkApproval(actor, await loadScoped(db, scope, id), body);
      let renamed = false;
      const result = await db.transaction().execute(async (tx) => {
        await repo.lockVendor(tx, id);
        const vendor = await loadScoped(tx, scope, id);
        await checkOwner(tx, body.ownerId);
        const next = await updateIn(tx, actor, vendor, body);
        renamed = namesChanged(vendor, next);
        if (override) {
          await audit.record(tx, actor, {
            action: 'vendor.gate_override',
            entityType: 'vendor',
            entityId: id,
            changes: diff(null, { reason: override.reason, missing: override.missing }),
          });
        }
        return toVendorDto(next, actor, await repo.contactsOf(tx, [id]));
      });
      if (renamed) await screening?.onNamesChanged(id);
      return result;
    },

    async remove(actor: Actor, id: string) {
      const scope = authorize(actor, 'vendor', 'delete');
      await db.transaction().execute(async (tx) => {
        // Counted under the vendor's lock: a record being added for it is counted once committed.
        await repo.lockVendor(tx, id);
        const vendor = await loadScoped(tx, scope, id);
        const counts = await Promise.all(
          dependents.map(async (d) => [d.what, await d.count(tx, id)] as const),
        );
        const blocking = counts.filter(([, n]) => n > 0);
        if (blocking.length) {
          throw conflict(
            `This vendor still has ${blocking.map(([what, n]) => `${n} ${what}`).join(', ')}; offboard it instead of deleting it.`,
          );
        }
        await repo.remove(tx, id);
        await audit.record(tx, actor, {
          action: 'vendor.delete',
          entityType: 'vendor',
          entityId: id,
          changes: diff(auditable(vendor), null),
        });
      });
    },

    // Contacts

    async addContact(actor: Actor, vendorId: string, body: z.infer<typeof ContactBody>) {
      const scope = authorize(actor, 'vendorContact', 'create');
      const contact = await db.transaction().execute(async (tx) => {
        await loadScoped(tx, scope, vendorId);
        return toContactDto(await addContactIn(tx, actor, vendorId, body));
      });
      await screening?.onNamesChanged(vendorId);
      return contact;
    },

    async updateContact(
      actor: Actor,
      vendorId: string,
      contactId: string,
      body: z.infer<typeof ContactPatch>,
    ) {
      const scope = authorize(actor, 'vendorContact', 'update');
      const contact = await db.transaction().execute(async (tx) => {
        await loadScoped(tx, scope, vendorId);
        const contact = await repo.findContact(tx, vendorId, contactId);
        if (!contact) throw notFound('contact');
        const next: VendorContact = { ...contact, updatedAt: now() };
        for (const key of ['name', 'email', 'phone', 'role', 'timezone'] as const) {
          if (body[key] !== undefined) (next as Record<string, unknown>)[key] = body[key];
        }
        await repo.updateContact(tx, contactId, next);
        await audit.record(tx, actor, {
          action: 'vendor.contact.update',
          entityType: 'vendor',
          entityId: vendorId,
          changes: diff(toContactDto(contact), toContactDto(next)),
        });
        return toContactDto(next);
      });
      if (body.name !== undefined) await screening?.onNamesChanged(vendorId);
      return contact;
    },

    async removeContact(actor: Actor, vendorId: string, contactId: string) {
      const scope = authorize(actor, 'vendorContact', 'delete');
      await db.transaction().execute(async (tx) => {
        await loadScoped(tx, scope, vendorId);
        const contact = await repo.findContact(tx, vendorId, contactId);
        if (!contact) throw notFound('contact');
        await repo.removeContact(tx, contactId);
        await audit.record(tx, actor, {
          action: 'vendor.contact.delete',
          entityType: 'vendor',
          entityId: vendorId,
          changes: diff(toContactDto(contact), null),
        });
      });
    },

    /** All vendors as CSV, in pages of 1,000 so that memory stays flat. */
    async *exportCsv(actor: Actor): AsyncGenerator<string> {
      authorize(actor, 'vendor', 'export');
      let after: string | null = null;
      let first = true;
      for (;;) {
        const rows = await repo.all(db, after, 1000);
        if (rows.length === 0 && !first) break;
        const owners = new Map(
          (
            await users.byIds(db, [...new Set(rows.map((r) => r.ownerId).filter((x): x is string => !!x))])
          ).map((u) => [u.id, u.email]),
        );
        yield toCsv(
          rows.map((v) => ({
            id: v.id,
            name: v.name,
            legal_name: v.legalName ?? '',
            country: v.country,
            timezone: v.timezone,
            languages: fromJson<string[]>(v.languages, []).join(';'),
            services: fromJson<string[]>(v.services, []).join(';'),
            website: v.website ?? '',
            status: v.status,
            criticality: v.criticality,
            owner_email: v.ownerId ? (owners.get(v.ownerId) ?? '') : '',
            notes: v.notes ?? '',
            created_at: v.createdAt,
            updated_at: v.updatedAt,
          })),
          first,
        );
        first = false;
        if (rows.length < 1000) break;
        after = rows[rows.length - 1]!.id;
      }
    },

    /**
     * Import vendors from CSV: every row is checked first and every problem reported with its
     * line; nothing is written unless all rows are good. A row with an `id` updates that vendor.
     */
    async importCsv(actor: Actor, text: string) {
      authorize(actor, 'vendor', 'import');
      const parsed = parseVendorCsv(text);
      if (parsed.errors.length) throw invalid(parsed.errors, describe(parsed.errors));
      if (parsed.rows.length === 0)
        throw invalid([{ field: 'file', line: 2, message: 'has no rows after the header' }]);
      if (parsed.rows.length > 50_000)
        throw invalid([{ field: 'file', line: 50_002, message: 'has more than 50,000 rows; split it' }]);

      const errors: FieldError[] = [];
      const emails = [
        ...new Set(
          parsed.rows.map((r) => r.cells.owner_email?.toLowerCase()).filter((e): e is string => !!e),
        ),
      ];
      const ids = [...new Set(parsed.rows.map((r) => r.cells.id).filter((e): e is string => !!e))];
      const [owners, existing] = await Promise.all([users.byEmails(db, emails), repo.findMany(db, ids)]);
      const ownerByEmail = new Map(owners.filter((u) => u.role !== 'vendor').map((u) => [u.email, u.id]));
      const existingById = new Map(existing.map((v) => [v.id, v]));
      const seenIds = new Set<string>();
      const planned: Array<{ line: number; id?: string; body: VendorInput }> = [];

      for (const row of parsed.rows) {
        const body = rowToBody(row.cells);
        const email = row.cells.owner_email?.toLowerCase();
        if (email) {
          const owner = ownerByEmail.get(email);
          if (owner) body.ownerId = owner;
          else
            errors.push({
              line: row.line,
              field: 'owner_email',
              message: 'is not the email of an internal user',
            });
        }
        const id = row.cells.id || undefined;
        if (id) {
          if (seenIds.has(id))
            errors.push({ line: row.line, field: 'id', message: 'appears on an earlier line too' });
          seenIds.add(id);
          const current = existingById.get(id);
          if (!current)
            errors.push({ line: row.line, field: 'id', message: 'is not the id of an existing vendor' });
          else if (
            body.status &&
            !canTransition(current.status as VendorStatus, body.status as VendorStatus)
          ) {
            errors.push({
              line: row.line,
              field: 'status',
              message: `cannot move from ${current.status} to ${String(body.status)}`,
            });
          }
        }
        const result = CreateVendorBody.safeParse(body);
        if (!result.success) {
          for (const issue of result.error.issues) {
            errors.push({
              line: row.line,
              field: CSV_NAME[String(issue.path[0])] ?? String(issue.path[0] ?? 'row'),
              message: issue.message,
            });
          }
          continue;
        }
        planned.push({ line: row.line, id, body: result.data });
      }
      // The same gate as PATCH, without an override: a CSV carries no reasons.
      for (const item of approvalGate ? planned : []) {
        const current = item.id ? existingById.get(item.id) : undefined;
        if (item.body.status !== 'approved' || current?.status === 'approved') continue;
        const criticality =
          item.body.criticality ?? (current?.criticality as Criticality | undefined) ?? 'medium';
        const gate = await approvalGate!.evaluate(current?.id ?? null, criticality);
        if (!gate.complete)
          errors.push({
            line: item.line,
            field: 'status',
            message: `cannot become approved: the diligence checklist is incomplete (${gate.missing.join('; ')})`,
          });
      }
      // A confirmed sanctions match holds the vendor whatever the CSV says.
      for (const item of screening ? planned : []) {
        const current = item.id ? existingById.get(item.id) : undefined;
        if (item.body.status !== 'approved' || !current || current.status === 'approved') continue;
        if (await screening!.hold(db, current.id))
          errors.push({
            line: item.line,
            field: 'status',
            message: 'cannot become approved: a confirmed sanctions match holds this vendor',
          });
      }
      if (errors.length) throw invalid(errors, describe(errors));

      const screen: string[] = [];
      const counts = await db.transaction().execute(async (tx) => {
        let created = 0;
        let updated = 0;
        for (const item of planned) {
          if (item.id) {
            const before = existingById.get(item.id)!;
            if (namesChanged(before, await updateIn(tx, actor, before, item.body))) screen.push(item.id);
            updated++;
          } else {
            screen.push((await createIn(tx, actor, item.body)).id);
            created++;
          }
        }
        return { created, updated };
      });
      for (const vendorId of screen) await screening?.onNamesChanged(vendorId);
      return counts;
    },
  };
}
