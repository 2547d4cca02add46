/**
 * The deterministic data generator behind `npm run bench:data` and the load benchmarks: vendors
 * across countries and time zones with contacts, engagements with an approved SOW and its KPIs,
 * measurements (with their 15-minute roll-ups), closed SLA months, invoices, and users of every
 * role with an API token. The same seed gives the same ids and rows: nothing reads the clock or
 * Math.random. Rows go straight to the database in bulk (multi-row inserts inside one
 * transaction per table, or prepared statements on SQLite) after the app's migrations.
 */
import { createHash, scryptSync } from 'node:crypto';
import { SowDocument } from '../src/contracts/engagements';
import type { Database, Executor } from '../src/server/db/database';
import type { DB } from '../src/server/db/schema';
import { mulberry32, type Prng } from '../src/server/demo/prng';
import { RollupSums } from '../src/server/modules/quality/repository';

export interface DataOptions {
  vendors: number;
  engagements: number;
  /** Months of measurements, ending with `lastMonth` (the earlier ones are closed). */
  months: number;
  /** Measurements per KPI per day. */
  perKpiDay: number;
  seed: number;
  /** The last (open) month of measurements, YYYY-MM. */
  lastMonth?: string;
  log?: (line: string) => void;
}

export interface DataSummary {
  seed: number;
  rows: Record<string, number>;
  /** The admin's API token (deterministic from the seed). */
  token: string;
  password: string;
  users: Array<{ email: string; role: string; id: string; vendorId: string | null }>;
  lastMonth: string;
  closedMonths: string[];
  /** A few ids the benchmarks ask for. */
  sample: { engagementIds: string[]; vendorIds: string[]; countries: string[] };
  skipped: string[];
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Ids are `prefix_` and 26 Crockford characters, like newId(), but drawn from the PRNG. */
export function idMaker(rng: Prng, base = Date.parse('2027-01-01T00:00:00Z')) {
  let n = 0;
  return (prefix: string) => {
    let t = base + n++;
    let time = '';
    for (let i = 0; i < 10; i++) {
      time = CROCKFORD[t % 32] + time;
      t = Math.floor(t / 32);
    }
    let rand = '';
    for (let i = 0; i < 16; i++) rand += CROCKFORD[Math.floor(rng.next() * 32)];
    return `${prefix}_${time}${rand}`;
  };
}

/** Countries with a main time zone, languages and the weight they take in the vendor base. */
const COUNTRIES = [
  { code: 'PH', tz: 'Asia/Manila', lang: ['en', 'fil'], w: 5 },
  { code: 'IN', tz: 'Asia/Kolkata', lang: ['en', 'hi'], w: 6 },
  { code: 'PL', tz: 'Europe/Warsaw', lang: ['pl', 'en', 'de'], w: 3 },
  { code: 'PT', tz: 'Europe/Lisbon', lang: ['pt', 'en'], w: 2 },
  { code: 'MX', tz: 'America/Mexico_City', lang: ['es', 'en'], w: 2 },
  { code: 'CO', tz: 'America/Bogota', lang: ['es', 'en'], w: 1 },
  { code: 'ZA', tz: 'Africa/Johannesburg', lang: ['en', 'af'], w: 1 },
  { code: 'EG', tz: 'Africa/Cairo', lang: ['ar', 'en'], w: 1 },
  { code: 'RO', tz: 'Europe/Bucharest', lang: ['ro', 'en'], w: 1 },
  { code: 'VN', tz: 'Asia/Ho_Chi_Minh', lang: ['vi', 'en'], w: 1 },
  { code: 'US', tz: 'America/Chicago', lang: ['en', 'es'], w: 1 },
  { code: 'DE', tz: 'Europe/Berlin', lang: ['de', 'en'], w: 1 },
];
const WEIGHTED = COUNTRIES.flatMap((c) => Array.from({ length: c.w }, () => c));
export const BENCH_COUNTRIES = COUNTRIES.map((c) => c.code);

const FUNCTIONS = ['customer_service', 'accounting', 'payroll', 'marketing', 'it', 'other'] as const;
const SERVICES: Record<string, string[]> = {
  customer_service: ['Inbound voice', 'Chat support', 'Email support'],
  accounting: ['Accounts payable', 'Month-end close'],
  payroll: ['Payroll processing', 'Benefits administration'],
  marketing: ['Content production', 'Campaign operations'],
  it: ['Service desk', 'Application support'],
  other: ['Data entry', 'Document processing'],
};
const WORDS = ['Blue', 'North', 'Bright', 'Summit', 'Harbor', 'Vertex', 'Cedar', 'Orbit', 'Prime', 'Delta'];
const NOUNS = ['Services', 'Solutions', 'Outsourcing', 'Partners', 'Operations', 'Global', 'Works'];
const FIRST = ['Ana', 'Ravi', 'Maria', 'Jan', 'Sofia', 'Luis', 'Mei', 'Omar', 'Eva', 'Tomasz', 'Priya'];
const LAST = ['Santos', 'Sharma', 'Kowalska', 'Silva', 'Garcia', 'Nguyen', 'Mensah', 'Ionescu', 'Reyes'];

/** KPI templates an engagement draws 3 to 6 of. */
const KPI_POOL = [
  { name: 'Service level', unit: '%', aggregation: 'ratio', direction: 'at_least', target: 80 },
  { name: 'First contact resolution', unit: '%', aggregation: 'ratio', direction: 'at_least', target: 70 },
  { name: 'Average speed of answer', unit: 's', aggregation: 'mean', direction: 'at_most', target: 20 },
  { name: 'Average handle time', unit: 's', aggregation: 'mean', direction: 'at_most', target: 300 },
  { name: 'Customer satisfaction', unit: 'pts', aggregation: 'mean', direction: 'at_least', target: 4 },
  {
    name: 'Handle time p95',
    unit: 's',
    aggregation: 'percentile',
    p: 95,
    direction: 'at_most',
    target: 600,
  },
  { name: 'Longest outage', unit: 'min', aggregation: 'max', direction: 'at_most', target: 60 },
] as const;

const BASE_DOC = {
  objectives: ['Answer 80% of customer contacts within 20 seconds from the first month'],
  inScope: ['Inbound support for retail customers in the agreed languages'],
  outOfScope: ['Outbound sales calls'],
  assumptions: ['The client provides CRM accounts for every agent before go-live'],
  deliverables: [
    {
      title: 'Agent training plan',
      description: 'Two-week plan',
      acceptanceCriteria: ['Signed off by the client operations lead'],
      dueDate: '2026-01-20',
    },
  ],
  milestones: [{ title: 'Go-live', dueDate: '2026-02-01', paymentAmount: 200_000 }],
  creditCapPct: 10,
  raci: [
    {
      activity: 'Weekly staffing plan',
      responsible: ['Vendor team lead'],
      accountable: ['Vendor delivery manager'],
      consulted: [],
      informed: [],
    },
  ],
  reportingCadence: 'weekly',
  governanceForums: [{ name: 'Monthly service review', cadence: 'monthly', attendees: ['Client ops lead'] }],
};

const ROLES = ['owner', 'admin', 'manager', 'manager', 'viewer', 'auditor'] as const;
export const BENCH_PASSWORD = 'bench password bench password';

const DAY = 86_400_000;
const monthStart = (m: string) => Date.parse(`${m}-01T00:00:00Z`);
function addMonths(m: string, n: number) {
  const d = new Date(monthStart(m));
  d.setUTCMonth(d.getUTCMonth() + n);
  return d.toISOString().slice(0, 7);
}

/** Write `rows` into `table` in bulk: prepared statements on SQLite, multi-row INSERTs on PostgreSQL. */
export async function bulkInsert<T extends keyof DB & string>(
  database: Database,
  executor: Executor,
  table: T,
  rows: Array<Record<string, unknown>>,
) {
  if (!rows.length) return;
  const columns = Object.keys(rows[0]!);
  const snake = columns.map((c) => c.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`));
  const tableName = table.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`);
  if (database.sqlite) {
    const stmt = database.sqlite.prepare(
      `insert into ${tableName} (${snake.join(',')}) values (${columns.map(() => '?').join(',')})`,
    );
    for (const r of rows) stmt.run(...columns.map((c) => r[c] as never));
    return;
  }
  const per = Math.max(1, Math.floor(30_000 / columns.length));
  for (let i = 0; i < rows.length; i += per)
    await executor
      .insertInto(table)
      .values(rows.slice(i, i + per) as never)
      .execute();
}

const ORDER = [
  'users',
  'apiTokens',
  'vendors',
  'vendorContacts',
  'engagements',
  'sowVersions',
  'measurements',
  'measurementRollups',
  'slaPeriods',
  'invoices',
];
const rank = (t: string) => (ORDER.includes(t) ? ORDER.indexOf(t) : ORDER.length);

/** One table's rows, written in one transaction (SQLite) or chunks of transactions (PostgreSQL). */
class Writer {
  readonly counts: Record<string, number> = {};
  readonly seconds: Record<string, number> = {};
  private readonly pending = new Map<string, Array<Record<string, unknown>>>();
  constructor(
    private readonly database: Database,
    private readonly flushAt = 20_000,
  ) {}

  async add(table: keyof DB & string, row: Record<string, unknown>) {
    let list = this.pending.get(table);
    if (!list) {
      list = [];
      this.pending.set(table, list);
    }
    list.push(row);
    if (list.length >= this.flushAt) await this.flush();
  }

  /** Flush every table, in the order of their foreign keys. */
  async flush() {
    const order = [...this.pending.keys()].sort((a, b) => rank(a) - rank(b));
    for (const t of order) {
      const rows = this.pending.get(t)!;
      if (!rows.length) continue;
      const t0 = performance.now();
      await this.database.db
        .transaction()
        .execute(async (tx) => bulkInsert(this.database, tx, t as keyof DB & string, rows));
      this.seconds[t] = (this.seconds[t] ?? 0) + (performance.now() - t0) / 1000;
      this.counts[t] = (this.counts[t] ?? 0) + rows.length;
      rows.length = 0;
    }
  }
}

/** Generate the data set into a migrated, empty database. */
export async function generate(database: Database, options: DataOptions): Promise<DataSummary> {
  const log = options.log ?? (() => {});
  const rng = mulberry32(options.seed);
  const id = idMaker(mulberry32(options.seed ^ 0x5eed));
  const lastMonth = options.lastMonth ?? '2027-03';
  const firstMonth = addMonths(lastMonth, -(options.months - 1));
  const closedMonths = Array.from({ length: options.months - 1 }, (_, i) => addMonths(firstMonth, i));
  const at = '2026-12-01T09:00:00.000Z';
  const w = new Writer(database);
  // The sqlite writer runs inside a Kysely transaction; big tables flush in 20,000-row chunks.

  // Users of each role, and the admin's API token.
  const salt = Buffer.from(createHash('sha256').update(`salt${options.seed}`).digest()).subarray(0, 16);
  const key = scryptSync(BENCH_PASSWORD.normalize('NFKC'), salt, 32, {
    N: 32768,
    r: 8,
    p: 1,
    maxmem: 64 << 20,
  });
  const passwordHash = `scrypt$32768$8$1$${salt.toString('base64url')}$${key.toString('base64url')}`;
  const users: DataSummary['users'] = [];
  for (const [i, role] of ROLES.entries()) {
    const u = { id: id('usr'), email: `${role}${i}@bench.example`, role, vendorId: null as string | null };
    users.push(u);
    await w.add('users', {
      id: u.id,
      name: `${FIRST[i % FIRST.length]} ${LAST[i % LAST.length]}`,
      email: u.email,
      passwordHash,
      role,
      vendorId: null,
      disabled: 0,
      createdAt: at,
      updatedAt: at,
      lastLoginAt: null,
    });
  }
  const admin = users[1]!;
  let secret = '';
  for (let i = 0; i < 43; i++)
    secret += 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'[Math.floor(rng.next() * 64)];
  const token = `opt_${secret}`;
  await w.add('apiTokens', {
    id: id('tok'),
    userId: admin.id,
    name: 'bench',
    tokenHash: createHash('sha256').update(token).digest('hex'),
    tokenPrefix: token.slice(0, 10),
    createdAt: at,
    expiresAt: null,
    lastUsedAt: null,
    revokedAt: null,
    scope: 'write',
  });

  // Vendors with two contacts each.
  const vendors: Array<{ id: string; country: string; tz: string }> = [];
  const vendorUsers: string[] = [];
  for (let v = 0; v < options.vendors; v++) {
    const c = rng.pick(WEIGHTED);
    const fn = rng.pick(FUNCTIONS);
    const vid = id('vnd');
    vendors.push({ id: vid, country: c.code, tz: c.tz });
    const name = `${rng.pick(WORDS)} ${rng.pick(NOUNS)} ${c.code}-${v + 1}`;
    await w.add('vendors', {
      id: vid,
      name,
      legalName: `${name} Ltd`,
      country: c.code,
      timezone: c.tz,
      languages: JSON.stringify(c.lang),
      services: JSON.stringify(SERVICES[fn]),
      website: `https://vendor${v + 1}.bench.example`,
      status: rng.pick(['active', 'active', 'active', 'approved', 'prospect', 'under_review', 'suspended']),
      criticality: rng.pick(['low', 'medium', 'medium', 'high', 'critical']),
      ownerId: users[rng.int(1, 3)]!.id,
      notes: null,
      createdAt: at,
      updatedAt: at,
    });
    for (let k = 0; k < 2; k++)
      await w.add('vendorContacts', {
        id: id('vct'),
        vendorId: vid,
        name: `${rng.pick(FIRST)} ${rng.pick(LAST)}`,
        email: `contact${k}.v${v + 1}@vendor.bench.example`,
        phone: `+1555${String(v * 2 + k).padStart(7, '0')}`,
        role: k === 0 ? 'Account manager' : 'Delivery lead',
        timezone: c.tz,
        createdAt: at,
        updatedAt: at,
      });
    if (v < 20) vendorUsers.push(vid);
  }
  await w.flush();
  for (const [v, vid] of vendorUsers.entries()) {
    const u = { id: id('usr'), email: `vendor${v + 1}@vendor.bench.example`, role: 'vendor', vendorId: vid };
    users.push(u);
    await w.add('users', {
      id: u.id,
      name: `${rng.pick(FIRST)} ${rng.pick(LAST)}`,
      email: u.email,
      passwordHash,
      role: 'vendor',
      vendorId: vid,
      disabled: 0,
      createdAt: at,
      updatedAt: at,
      lastLoginAt: null,
    });
  }
  await w.flush();
  log(`  vendors, contacts and users written`);

  // Engagements with an approved SOW, measurements and roll-ups, closed SLA months and invoices.
  const engagementIds: string[] = [];
  const start = monthStart(firstMonth);
  const end = monthStart(addMonths(lastMonth, 1));
  const days = Math.round((end - start) / DAY);
  for (let e = 0; e < options.engagements; e++) {
    const vendor = vendors[e % Math.max(1, vendors.length)]!;
    const fn = rng.pick(FUNCTIONS);
    const eid = id('eng');
    engagementIds.push(eid);
    const currency = rng.pick(['EUR', 'USD', 'USD', 'GBP']);
    const monthlyFee = rng.int(20, 400) * 100_000;
    await w.add('engagements', {
      id: eid,
      vendorId: vendor.id,
      title: `${SERVICES[fn]![0]} ${e + 1}`,
      function: fn,
      deliveryModel: null,
      startDate: `${firstMonth}-01`,
      endDate: null,
      timezone: vendor.tz === 'America/Chicago' ? 'America/New_York' : 'Europe/Berlin',
      currency,
      monthlyFee,
      budget: monthlyFee * 24,
      renewalDate: null,
      noticePeriodDays: 90,
      status: 'active',
      ownerId: users[rng.int(1, 3)]!.id,
      createdAt: at,
      updatedAt: at,
    });
    const kpis = rng.sample(KPI_POOL, rng.int(3, 6)).map((k) => ({
      id: id('kpi'),
      ...k,
      p: 'p' in k ? k.p : null,
      period: 'month',
      weight: 1,
      creditPct: rng.int(0, 3),
    }));
    const doc = SowDocument.parse({ ...BASE_DOC, kpis });
    await w.add('sowVersions', {
      id: id('sow'),
      engagementId: eid,
      version: 1,
      status: 'approved',
      document: JSON.stringify(doc),
      createdBy: admin.id,
      createdAt: at,
      updatedAt: at,
      approvedAt: at,
      approvedBy: admin.id,
    });
    const rollups = new RollupSums();
    const batchId = id('bat');
    for (const k of kpis)
      for (let d = 0; d < days; d++)
        for (let j = 0; j < options.perKpiDay; j++) {
          const atMs = start + d * DAY + Math.floor(((j + rng.next()) / options.perKpiDay) * DAY);
          const ratio = k.aggregation === 'ratio';
          const value = ratio ? null : rng.int(1, k.aggregation === 'max' ? 90 : 700);
          const numerator = ratio ? rng.int(60, 100) : null;
          const denominator = ratio ? 100 : null;
          const m = {
            engagementId: eid,
            kpiId: k.id,
            at: new Date(atMs).toISOString(),
            value,
            numerator,
            denominator,
            source: 'client',
            externalId: null,
            batchId,
            createdAt: at,
          };
          rollups.add(eid, k.id, 'client', atMs, value, numerator, denominator);
          await w.add('measurements', m);
        }
    for (const r of rollups.deltas()) await w.add('measurementRollups', { ...r });
    for (const month of closedMonths) {
      const met = rng.int(Math.max(0, kpis.length - 2), kpis.length);
      const credit = (kpis.length - met) * Math.round(monthlyFee / 100);
      await w.add('slaPeriods', {
        id: id('slp'),
        engagementId: eid,
        period: month,
        granularity: 'month',
        source: 'client',
        startsAt: `${month}-01T00:00:00.000Z`,
        endsAt: new Date(monthStart(addMonths(month, 1))).toISOString(),
        status: 'closed',
        results: JSON.stringify({
          kpis: [],
          credit: { amount: credit, currency, capped: false, waivedByEarnBack: 0 },
        }),
        kpisEvaluated: kpis.length,
        kpisMet: met,
        credit,
        currency,
        closedAt: new Date(monthStart(addMonths(month, 1)) + 5 * DAY).toISOString(),
        reopenedAt: null,
        note: null,
      });
      await w.add('invoices', {
        id: id('inv'),
        engagementId: eid,
        vendorId: vendor.id,
        number: `INV-${e + 1}-${month}`,
        periodStart: `${month}-01`,
        periodEnd: new Date(monthStart(addMonths(month, 1)) - DAY).toISOString().slice(0, 10),
        amount: monthlyFee,
        currency,
        quantity: null,
        status: rng.pick(['received', 'approved', 'paid', 'paid', 'disputed']),
        disputeReason: null,
        note: null,
        createdBy: admin.id,
        createdAt: at,
        updatedAt: at,
      });
    }
    if ((e + 1) % 1000 === 0) log(`  ${(e + 1).toLocaleString('en')} engagements`);
  }
  await w.flush();

  const rows = w.counts;
  for (const [t, n] of Object.entries(rows))
    log(
      `  ${t.padEnd(20)} ${n.toLocaleString('en').padStart(12)} rows  ${Math.round(n / Math.max(w.seconds[t]!, 1e-6)).toLocaleString('en')} rows/s`,
    );
  return {
    seed: options.seed,
    rows,
    token,
    password: BENCH_PASSWORD,
    users,
    lastMonth,
    closedMonths,
    sample: {
      engagementIds: engagementIds.filter(
        (_, i) => i % Math.max(1, Math.floor(engagementIds.length / 50)) === 0,
      ),
      vendorIds: vendors.slice(0, 50).map((v) => v.id),
      countries: [...new Set(vendors.map((v) => v.country))],
    },
    skipped: ['risks (no risk table in the schema yet)'],
  };
}
