/** Invoices (vendor users submit and read their own engagements'), and the exchange-rate table. */
import type {
  ExchangeRateBody,
  ExchangeRateListQuery,
  InvoiceBody,
  InvoiceListQuery,
  InvoicePatch,
  InvoiceStatus,
} from '../../../contracts/spend';
import { ExchangeRateBody as RateSchema } from '../../../contracts/spend';
import type { Executor } from '../../db/database';
import { toPage } from '../../db/pagination';
import { AppError, conflict, type FieldError, invalid, notFound } from '../../errors';
import { CsvSyntaxError, scanRecords } from '../../lib/csv-stream';
import { newId } from '../../lib/ids';
import { type Actor, authorize, isInternal } from '../../policy';
import { diff } from '../audit/rules';
import type { SpendContext } from './context';
import * as repo from './repository';
import { canMove, INVOICE_TRANSITIONS, isEditable } from './rules';

const auditable = (r: repo.InvoiceRow) => {
  const { createdAt: _c, updatedAt: _u, ...rest } = r;
  return rest;
};

const numberUsed = (number: string) =>
  new AppError(409, 'conflict', `Invoice number ${number} is already used by this vendor.`, [
    { field: 'number', message: 'is already used by another invoice of this vendor' },
  ]);

/** A rate import is at most this many lines. */
const RATE_IMPORT_MAX_LINES = 50_000;

export function createInvoiceService(ctx: SpendContext) {
  const { deps, db } = ctx;
  const { audit } = deps;

  async function load(tx: Executor, actor: Actor, id: string) {
    const scope = authorize(actor, 'invoice', 'read');
    const row = await repo.findInvoice(tx, scope, id);
    if (!row) throw notFound('invoice');
    return row;
  }

  async function dto(tx: Executor, row: repo.InvoiceRow, title?: string) {
    const lines = await ctx.creditLines(tx, [row.engagementId]);
    const name = title ?? (await deps.loadEngagement(tx, { ...systemLike }, row.engagementId)).title;
    return ctx.toInvoiceDto(row, name, lines.get(row.id) ?? []);
  }

  function checkCurrency(currency: string, engagementCurrency: string, field = 'currency'): FieldError[] {
    return currency === engagementCurrency
      ? []
      : [{ field, message: `must be the engagement’s currency, ${engagementCurrency}` }];
  }

  return {
    async list(actor: Actor, query: InvoiceListQuery) {
      const scope = authorize(actor, 'invoice', 'read');
      if (query.engagementId) await deps.loadEngagement(db, actor, query.engagementId);
      const rows = await repo.listInvoices(db, scope, query);
      const ids = [...new Set(rows.map((r) => r.engagementId))];
      const lines = await ctx.creditLines(db, ids);
      const titles = new Map<string, string>();
      for (const id of ids) titles.set(id, (await deps.loadEngagement(db, systemLike, id)).title);
      return toPage(
        rows,
        query.limit,
        (r) => [r.periodEnd, r.id],
        (r) => ctx.toInvoiceDto(r, titles.get(r.engagementId) ?? '', lines.get(r.id) ?? []),
      );
    },

    async get(actor: Actor, id: string) {
      return dto(db, await load(db, actor, id));
    },

    async create(actor: Actor, body: InvoiceBody) {
      authorize(actor, 'invoice', 'create');
      return db.transaction().execute(async (tx) => {
        const engagement = await deps.loadEngagement(tx, actor, body.engagementId);
        const errors = checkCurrency(body.currency, engagement.currency);
        if (errors.length) throw invalid(errors);
        if (await repo.numberTaken(tx, engagement.vendorId, body.number)) throw numberUsed(body.number);
        const at = ctx.now();
        const row: repo.InvoiceRow = {
          id: newId('inv'),
          engagementId: engagement.id,
          vendorId: engagement.vendorId,
          number: body.number,
          periodStart: body.periodStart,
          periodEnd: body.periodEnd,
          amount: body.amount,
          currency: body.currency,
          quantity: body.quantity ?? null,
          status: 'received',
          disputeReason: null,
          note: body.note ?? null,
          createdBy: actor.id,
          createdAt: at,
          updatedAt: at,
        };
        await repo.insertInvoice(tx, row);
        await audit.record(tx, actor, {
          action: 'invoice.create',
          entityType: 'invoice',
          entityId: row.id,
          changes: diff(null, auditable(row)),
        });
        return dto(tx, row, engagement.title);
      });
    },

    /** Correct an invoice while received or disputed, or move it along its life cycle. */
    async update(actor: Actor, id: string, body: InvoicePatch) {
      authorize(actor, 'invoice', 'update');
      return db.transaction().execute(async (tx) => {
        await repo.lockInvoice(tx, id);
        const before = await load(tx, actor, id);
        const engagement = await deps.loadEngagement(tx, actor, before.engagementId);
        const from = before.status as InvoiceStatus;
        const next: repo.InvoiceRow = { ...before, updatedAt: ctx.now() };
        const edits = (
          ['number', 'periodStart', 'periodEnd', 'amount', 'currency', 'quantity'] as const
        ).filter((k) => body[k] !== undefined && body[k] !== before[k]);
        if (edits.length && !isEditable(from))
          throw conflict(`An invoice that is ${from} can no longer be changed; dispute it first.`, {
            allowed: [...INVOICE_TRANSITIONS[from]],
          });
        if (body.number !== undefined) next.number = body.number;
        if (body.periodStart !== undefined) next.periodStart = body.periodStart;
        if (body.periodEnd !== undefined) next.periodEnd = body.periodEnd;
        if (body.amount !== undefined) next.amount = body.amount;
        if (body.currency !== undefined) next.currency = body.currency;
        if (body.quantity !== undefined) next.quantity = body.quantity;
        if (body.note !== undefined) next.note = body.note;
        const errors: FieldError[] = [];
        if (next.periodStart > next.periodEnd)
          errors.push({ field: 'periodEnd', message: 'must not be before the period start' });
        if (body.currency !== undefined) errors.push(...checkCurrency(next.currency, engagement.currency));
        if (body.status !== undefined && body.status !== from) {
          const to = body.status;
          if (!canMove(from, to))
            throw conflict(`An invoice that is ${from} cannot become ${to}.`, {
              allowed: [...INVOICE_TRANSITIONS[from]],
            });
          // The vendor resubmits a disputed invoice; approving, paying and disputing are the client's.
          if (to !== 'received') authorize(actor, 'invoice', 'approve');
          if (to === 'disputed') {
            if (!body.disputeReason)
              errors.push({ field: 'disputeReason', message: 'is required to dispute an invoice' });
            next.disputeReason = body.disputeReason ?? null;
          }
          next.status = to;
        } else if (body.disputeReason !== undefined) {
          if (from !== 'disputed')
            errors.push({ field: 'disputeReason', message: 'is only kept for a disputed invoice' });
          else if (isInternal(actor)) next.disputeReason = body.disputeReason;
        }
        if (errors.length) throw invalid(errors);
        if (next.number !== before.number && (await repo.numberTaken(tx, before.vendorId, next.number, id)))
          throw numberUsed(next.number);
        const { id: _i, createdAt: _c, ...patch } = next;
        await repo.updateInvoice(tx, id, patch);
        await audit.record(tx, actor, {
          action: next.status !== before.status ? `invoice.${next.status}` : 'invoice.update',
          entityType: 'invoice',
          entityId: id,
          changes: diff(auditable(before), auditable(next)),
        });
        return dto(tx, next, engagement.title);
      });
    },

    /** Remove an invoice entered by mistake: only before approval. */
    async remove(actor: Actor, id: string) {
      authorize(actor, 'invoice', 'delete');
      await db.transaction().execute(async (tx) => {
        await repo.lockInvoice(tx, id);
        const before = await load(tx, actor, id);
        if (!isEditable(before.status as InvoiceStatus))
          throw conflict(`An invoice that is ${before.status} is part of the books and stays.`);
        await repo.removeInvoice(tx, id);
        await audit.record(tx, actor, {
          action: 'invoice.delete',
          entityType: 'invoice',
          entityId: id,
          changes: diff(auditable(before), null),
        });
      });
    },
  };
}

/** Reading an engagement's title for an invoice the actor may already see. */
const systemLike: Actor = {
  id: 'system',
  name: 'spend',
  role: 'owner',
  vendorId: null,
  requestId: null,
  ip: null,
};

export function createRateService(ctx: SpendContext) {
  const { deps, db } = ctx;
  const { audit } = deps;

  async function put(tx: Executor, actor: Actor, body: ExchangeRateBody, at: string) {
    const before = await repo.findRate(tx, body.currency, body.date);
    await repo.upsertRate(tx, { ...body, updatedAt: at });
    await audit.record(tx, actor, {
      action: before ? 'exchangeRate.update' : 'exchangeRate.create',
      entityType: 'exchangeRate',
      entityId: `${body.currency}@${body.date}`,
      changes: diff(before ? { rate: Number(before.rate) } : null, { rate: body.rate }),
    });
    return before !== undefined;
  }

  return {
    async list(actor: Actor, query: ExchangeRateListQuery) {
      authorize(actor, 'exchangeRate', 'read');
      const rows = await repo.listRates(db, query);
      return toPage(
        rows,
        query.limit,
        (r) => [r.date, r.currency],
        (r) => r,
      );
    },

    /** Enter one rate; a rate for the same currency and date is replaced. */
    async put(actor: Actor, body: ExchangeRateBody) {
      authorize(actor, 'exchangeRate', 'create');
      const org = await deps.organisation();
      if (body.currency === org.currency)
        throw invalid([{ field: 'currency', message: `is the organisation’s own currency (always 1)` }]);
      return db.transaction().execute(async (tx) => {
        const at = ctx.now();
        const replaced = await put(tx, actor, body, at);
        return { rate: { ...body, updatedAt: at }, replaced };
      });
    },

    async remove(actor: Actor, currency: string, date: string) {
      authorize(actor, 'exchangeRate', 'delete');
      await db.transaction().execute(async (tx) => {
        const before = await repo.findRate(tx, currency, date);
        if (!before) throw notFound('exchange rate');
        await repo.removeRate(tx, currency, date);
        await audit.record(tx, actor, {
          action: 'exchangeRate.delete',
          entityType: 'exchangeRate',
          entityId: `${currency}@${date}`,
          changes: diff({ rate: Number(before.rate) }, null),
        });
      });
    },

    /**
     * Import rates from CSV with the header `currency,date,rate`: every line is checked first and
     * a bad one answers 422 naming its line; nothing is written unless all lines are good.
     */
    async importCsv(actor: Actor, text: string) {
      authorize(actor, 'exchangeRate', 'import');
      const org = await deps.organisation();
      let records: ReturnType<typeof scanRecords>['records'];
      try {
        records = scanRecords(text, 1, true).records.filter((r) => r.fields.some((f) => f.trim() !== ''));
      } catch (err) {
        if (err instanceof CsvSyntaxError)
          throw invalid([{ field: 'body', message: err.message, line: err.line }]);
        throw err;
      }
      const [header, ...lines] = records;
      const names = header?.fields.map((f) => f.trim().toLowerCase()) ?? [];
      const col = {
        currency: names.indexOf('currency'),
        date: names.indexOf('date'),
        rate: names.indexOf('rate'),
      };
      if (!header || col.currency < 0 || col.date < 0 || col.rate < 0)
        throw invalid([
          { field: 'header', message: 'must name the columns currency, date and rate', line: 1 },
        ]);
      if (lines.length === 0) throw invalid([{ field: 'body', message: 'has no rates after the header' }]);
      if (lines.length > RATE_IMPORT_MAX_LINES)
        throw invalid([{ field: 'body', message: `has more than ${RATE_IMPORT_MAX_LINES} lines` }]);
      const errors: FieldError[] = [];
      const good: ExchangeRateBody[] = [];
      const seen = new Map<string, number>();
      for (const rec of lines) {
        const raw = {
          currency: (rec.fields[col.currency] ?? '').trim().toUpperCase(),
          date: (rec.fields[col.date] ?? '').trim(),
          rate: Number((rec.fields[col.rate] ?? '').trim() || Number.NaN),
        };
        const parsed = RateSchema.safeParse(raw);
        if (!parsed.success) {
          for (const issue of parsed.error.issues)
            errors.push({ field: String(issue.path[0] ?? 'line'), message: issue.message, line: rec.line });
          continue;
        }
        if (parsed.data.currency === org.currency) {
          errors.push({ field: 'currency', message: 'is the organisation’s own currency', line: rec.line });
          continue;
        }
        const key = `${parsed.data.currency}@${parsed.data.date}`;
        const first = seen.get(key);
        if (first !== undefined) {
          errors.push({
            field: 'date',
            message: `repeats line ${first} for ${parsed.data.currency}`,
            line: rec.line,
          });
          continue;
        }
        seen.set(key, rec.line);
        good.push(parsed.data);
      }
      if (errors.length) throw invalid(errors.slice(0, 100));
      return db.transaction().execute(async (tx) => {
        const at = ctx.now();
        let replaced = 0;
        for (const rate of good) {
          if (await repo.findRate(tx, rate.currency, rate.date)) replaced++;
          await repo.upsertRate(tx, { ...rate, updatedAt: at });
        }
        // One audit event for the file: what it held, by currency and date range.
        const currencies = [...new Set(good.map((r) => r.currency))].sort();
        const dates = good.map((r) => r.date).sort();
        await audit.record(tx, actor, {
          action: 'exchangeRate.import',
          entityType: 'exchangeRate',
          entityId: currencies.join(',').slice(0, 200),
          changes: diff(null, {
            imported: good.length,
            replaced,
            from: dates[0],
            to: dates[dates.length - 1],
          }),
        });
        return { imported: good.length, replaced };
      });
    },
  };
}
