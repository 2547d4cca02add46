/**
 * The demo data set as plain values: what to create, not how. Everything is derived from the
 * catalogue and a seed, so two runs (or two machines) plan exactly the same data.
 */
import type { Organisation, Role } from '../../contracts/accounts';
import type { CreateVendorBody, VendorStatus } from '../../contracts/vendors';
import { defaultTimeZone } from '../modules/vendors/rules';
import {
  CONTACT_ROLES,
  DEMO_EMAIL_DOMAIN,
  DEMO_ORGANISATION,
  DEMO_PASSWORD,
  DEMO_SEED,
  DEMO_STAFF,
  DEMO_VENDORS,
  NAMES,
  NOTES,
  RELATED_SERVICES,
} from './catalogue';
import { mulberry32 } from './prng';

export interface PlannedUser {
  name: string;
  email: string;
  role: Role;
  /** The key of the vendor a vendor user belongs to. */
  vendorKey?: string;
}

interface PlannedVendor {
  key: string;
  /** Created as a prospect, then moved along `statusPath` one allowed transition at a time. */
  body: Omit<CreateVendorBody, 'ownerId' | 'status'>;
  ownerEmail: string;
  statusPath: VendorStatus[];
}

export interface DemoPlan {
  organisation: Organisation;
  password: string;
  staff: PlannedUser[];
  vendors: PlannedVendor[];
  vendorUsers: PlannedUser[];
}

/** The transitions from prospect to each status, following the vendor life cycle. */
const PATHS: Record<VendorStatus, VendorStatus[]> = {
  prospect: [],
  under_review: ['under_review'],
  approved: ['under_review', 'approved'],
  active: ['under_review', 'approved', 'active'],
  suspended: ['under_review', 'approved', 'active', 'suspended'],
  offboarded: ['under_review', 'approved', 'active', 'offboarded'],
};

const demoEmail = (local: string) => `${local}@${DEMO_EMAIL_DOMAIN}`;

/** Fold a name into the local part of an email: ASCII letters, dots and hyphens. */
function emailLocal(given: string, family: string): string {
  const fold = (s: string) =>
    s
      .replace(/ł/g, 'l')
      .replace(/Ł/g, 'L')
      .replace(/ı/g, 'i')
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z]+/g, '-')
      .replace(/^-|-$/g, '');
  return `${fold(given)}.${fold(family)}`;
}

const fill = (template: string, city: string, service: string) =>
  template.replaceAll('{city}', city).replaceAll('{service}', service);

/** Plan the demo data set; the same seed always gives the same plan. */
export function buildDemoPlan(seed = DEMO_SEED): DemoPlan {
  const rng = mulberry32(seed);
  const staff = DEMO_STAFF.map((p) => ({ name: p.name, email: demoEmail(p.key), role: p.role }));
  const ownerPool = ['manager', 'manager', 'manager2', 'manager2', 'admin'].map(demoEmail);

  const vendors = DEMO_VENDORS.map((seedVendor): PlannedVendor => {
    const timezone = seedVendor.timezone ?? defaultTimeZone(seedVendor.country);
    const services = [...seedVendor.services];
    const related = RELATED_SERVICES[services[0]!] ?? [];
    if (related.length && rng.chance(0.6)) services.push(rng.pick(related));

    const names = NAMES[seedVendor.country]!;
    const count = rng.int(1, 3);
    const given = rng.sample(names.given, count);
    const family = rng.sample(names.family, count);
    const contacts = given.map((g, i) => ({
      name: `${g} ${family[i]}`,
      email: `${emailLocal(g, family[i]!)}@${seedVendor.domain}`,
      phone: `${seedVendor.callingCode} ${rng.int(100, 999)} ${rng.int(1000, 9999)}`,
      role: CONTACT_ROLES[i]!,
      timezone,
    }));

    const criticality =
      seedVendor.status === 'active' || seedVendor.status === 'suspended'
        ? rng.pick(['medium', 'high', 'high', 'critical'] as const)
        : rng.pick(['low', 'low', 'medium', 'high'] as const);

    return {
      key: seedVendor.key,
      body: {
        name: seedVendor.name,
        legalName: seedVendor.legalName,
        country: seedVendor.country,
        timezone,
        languages: seedVendor.languages,
        services,
        website: `https://www.${seedVendor.domain}`,
        criticality,
        notes: fill(rng.pick(NOTES[seedVendor.status]), seedVendor.city, services[0]!),
        contacts,
      },
      ownerEmail: rng.pick(ownerPool),
      statusPath: PATHS[seedVendor.status],
    };
  });

  const vendorUsers = DEMO_VENDORS.filter((v) => v.vendorUser).map((v) => ({
    name: v.vendorUser!.name,
    email: demoEmail(v.vendorUser!.key),
    role: 'vendor' as const,
    vendorKey: v.key,
  }));

  return { organisation: DEMO_ORGANISATION, password: DEMO_PASSWORD, staff, vendors, vendorUsers };
}
