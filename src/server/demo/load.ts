/**
 * Load the demo data set through the services, so that every record is validated and audited
 * like any other. Safe to re-run: users are matched by email and vendors by name, and whatever
 * already exists is left as it is.
 */
import type { Role } from '../../contracts/accounts';
import type { Vendor } from '../../contracts/vendors';
import { type Actor, systemActor } from '../policy';
import { type CoreDeps, createServices, type Services } from '../services';
import { loadStory, STORY_MARKER, storyClock } from './load-story';
import { buildDemoPlan, type DemoPlan, type PlannedUser } from './plan';
import { at, buildDemoStory, iso } from './story';

export interface DemoLogin {
  name: string;
  email: string;
  role: Role;
  password: string;
  vendor: string | null;
}

export interface DemoResult {
  /** True when the demo set up an empty database (owner and organisation settings). */
  setUp: boolean;
  created: {
    users: number;
    vendors: number;
    contacts: number;
    statusChanges: number;
    /** The eighteen-month story (story.ts), played once. */
    engagements: number;
    measurements: number;
    invoices: number;
  };
  existing: { users: number; vendors: number };
  logins: DemoLogin[];
}

interface DemoOptions {
  plan?: DemoPlan;
  actor?: Actor;
  /** Called after each step, for a progress bar. */
  onProgress?: (done: number, total: number, label: string) => void;
}

const NO_REQUEST = { requestId: null, ip: null };

async function findVendorByName(services: Services, actor: Actor, name: string): Promise<Vendor | undefined> {
  const page = await services.vendors.list(actor, { q: name, limit: 200, sort: 'name' });
  return page.items.find((v) => v.name === name);
}

/** True when the demo owner exists: the demo data set was loaded into this database before. */
export async function demoIsLoaded(services: Services, plan: DemoPlan = buildDemoPlan()): Promise<boolean> {
  const owner = plan.staff.find((u) => u.role === 'owner')!;
  return (await services.accounts.findUserByEmail(owner.email)) !== undefined;
}

/** The logins of the demo data set, as printed for people to sign in with. */
export function demoLogins(plan: DemoPlan = buildDemoPlan()): DemoLogin[] {
  const vendorNames = new Map(plan.vendors.map((v) => [v.key, v.body.name]));
  return [...plan.staff, ...plan.vendorUsers].map((u) => ({
    name: u.name,
    email: u.email,
    role: u.role,
    password: plan.password,
    vendor: u.vendorKey ? (vendorNames.get(u.vendorKey) ?? null) : null,
  }));
}

/** True when the story's engagements exist: the story was played into this database before. */
async function storyIsLoaded(services: Services): Promise<boolean> {
  const page = await services.engagements.list(systemActor('demo'), {
    q: STORY_MARKER,
    limit: 20,
    sort: 'title',
  });
  return page.items.some((e) => e.title === STORY_MARKER);
}

/**
 * Load the demo into the database of `core`. Its services run on a clock that the loader moves
 * through the story, ending at `core.clock`'s now: the organisation was set up nineteen months
 * before today, and everything since happened on its own day.
 */
export async function loadDemo(core: CoreDeps, options: DemoOptions = {}): Promise<DemoResult> {
  const plan = options.plan ?? buildDemoPlan();
  const actor = options.actor ?? systemActor('demo');
  const today = iso(core.clock.now());
  const clock = storyClock(core.clock);
  const services = createServices({ ...core, clock });
  clock.set(at(buildDemoStory(today).setUpOn, 8));
  const { accounts, vendors } = services;
  const result: DemoResult = {
    setUp: false,
    created: {
      users: 0,
      vendors: 0,
      contacts: 0,
      statusChanges: 0,
      engagements: 0,
      measurements: 0,
      invoices: 0,
    },
    existing: { users: 0, vendors: 0 },
    logins: [],
  };
  let total = plan.staff.length + plan.vendors.length + plan.vendorUsers.length;
  let done = 0;
  const step = (label: string) => options.onProgress?.(++done, total, label);

  async function ensureUser(user: PlannedUser, vendorId: string | null) {
    if (await accounts.findUserByEmail(user.email)) {
      result.existing.users++;
      return;
    }
    const input = { name: user.name, email: user.email, password: plan.password, role: user.role };
    if (user.role === 'owner' && (await accounts.needsSetup())) {
      // An empty database is set up exactly as the setup page would, organisation included.
      await accounts.setup({ ...input, organisation: plan.organisation }, NO_REQUEST);
      result.setUp = true;
    } else {
      await accounts.createUserAsSystem(actor, { ...input, vendorId });
    }
    result.created.users++;
  }

  for (const user of plan.staff) {
    await ensureUser(user, null);
    step(user.email);
  }

  const vendorIds = new Map<string, string>();
  for (const planned of plan.vendors) {
    const found = await findVendorByName(services, actor, planned.body.name);
    if (found) {
      result.existing.vendors++;
      vendorIds.set(planned.key, found.id);
    } else {
      const owner = await accounts.findUserByEmail(planned.ownerEmail);
      const created = await vendors.create(actor, { ...planned.body, ownerId: owner?.id ?? null });
      result.created.vendors++;
      result.created.contacts += created.contacts?.length ?? 0;
      // Walk the life cycle one allowed step at a time, so the audit trail tells the story.
      for (const status of planned.statusPath) {
        // Demo vendors predate their diligence records: approval is an audited owner override.
        const override =
          status === 'approved'
            ? { overrideReason: 'Demo data: approved before diligence was recorded in Outpost.' }
            : {};
        await vendors.update(actor, created.id, { status, ...override });
        result.created.statusChanges++;
      }
      vendorIds.set(planned.key, created.id);
    }
    step(planned.body.name);
  }

  for (const user of plan.vendorUsers) {
    await ensureUser(user, vendorIds.get(user.vendorKey!) ?? null);
    step(user.email);
  }

  if (!(await storyIsLoaded(services))) {
    const counts = await loadStory(services, clock, today, {
      onStep: (label, remaining) => {
        total = done + 1 + remaining;
        step(label);
      },
    });
    Object.assign(result.created, counts);
  }
  clock.set(core.clock.now());
  result.logins = demoLogins(plan);
  return result;
}
