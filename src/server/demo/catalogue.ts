/**
 * The fixed content of the demo data set: a German retailer that outsources customer service,
 * accounting, payroll, marketing and IT to partners around the world. The generator in plan.ts
 * draws the details (contacts, services, owners, notes) from these lists with a seeded PRNG.
 */
import type { Organisation, Role } from '../../contracts/accounts';
import type { VendorStatus } from '../../contracts/vendors';

/** The one password of every demo login; printed by `outpost demo` and `npm run demo`. */
export const DEMO_PASSWORD = 'outpost-demo-2026';
export const DEMO_EMAIL_DOMAIN = 'demo.outpost.local';
export const DEMO_SEED = 20_261_128;

export const DEMO_ORGANISATION: Organisation = {
  name: 'Northwind Retail',
  country: 'DE',
  timezone: 'Europe/Berlin',
  currency: 'EUR',
  workdays: [1, 2, 3, 4, 5],
  hours: { start: '08:00', end: '17:00' },
};

interface DemoPerson {
  key: string;
  name: string;
  role: Exclude<Role, 'vendor'>;
}

/** The internal staff, one of every internal role (two managers share the vendor portfolio). */
export const DEMO_STAFF: readonly DemoPerson[] = [
  { key: 'owner', name: 'Katrin Vogel', role: 'owner' },
  { key: 'admin', name: 'Jonas Weber', role: 'admin' },
  { key: 'manager', name: 'Miriam Schulz', role: 'manager' },
  { key: 'manager2', name: 'Tobias Krause', role: 'manager' },
  { key: 'viewer', name: 'Elif Yılmaz', role: 'viewer' },
  { key: 'auditor', name: 'Henrik Lund', role: 'auditor' },
];

interface DemoVendorSeed {
  key: string;
  name: string;
  legalName: string;
  country: string;
  /** Only where the country's default zone is not the one the vendor works in. */
  timezone?: string;
  languages: string[];
  /** What the vendor does for Northwind; the generator may add one related service. */
  services: string[];
  domain: string;
  status: VendorStatus;
  callingCode: string;
  city: string;
  /** Set for the two vendors whose staff get a vendor login. */
  vendorUser?: { key: string; name: string };
}

export const DEMO_VENDORS: readonly DemoVendorSeed[] = [
  {
    key: 'manila',
    name: 'Manila Bay Contact Solutions',
    legalName: 'Manila Bay Contact Solutions, Inc.',
    country: 'PH',
    languages: ['en', 'fil'],
    services: ['customer service'],
    domain: 'manilabay-contact.example',
    status: 'active',
    callingCode: '+63 2',
    city: 'Manila',
    vendorUser: { key: 'vendor.manila', name: 'Andrea Santos' },
  },
  {
    key: 'bengaluru',
    name: 'Bengaluru Ledger Services',
    legalName: 'Bengaluru Ledger Services Private Limited',
    country: 'IN',
    languages: ['en', 'hi', 'kn'],
    services: ['accounting'],
    domain: 'bengaluru-ledger.example',
    status: 'active',
    callingCode: '+91 80',
    city: 'Bengaluru',
  },
  {
    key: 'vistula',
    name: 'Vistula Payroll Partners',
    legalName: 'Vistula Payroll Partners sp. z o.o.',
    country: 'PL',
    languages: ['pl', 'en', 'de'],
    services: ['payroll'],
    domain: 'vistula-payroll.example',
    status: 'active',
    callingCode: '+48 12',
    city: 'Kraków',
    vendorUser: { key: 'vendor.vistula', name: 'Piotr Nowak' },
  },
  {
    key: 'tejo',
    name: 'Tejo Digital',
    legalName: 'Tejo Digital, Lda.',
    country: 'PT',
    languages: ['pt', 'en', 'es'],
    services: ['marketing'],
    domain: 'tejo-digital.example',
    status: 'approved',
    callingCode: '+351 21',
    city: 'Lisbon',
  },
  {
    key: 'monterrey',
    name: 'Monterrey Nearshore IT',
    legalName: 'Monterrey Nearshore IT, S.A. de C.V.',
    country: 'MX',
    timezone: 'America/Monterrey',
    languages: ['es', 'en'],
    services: ['IT'],
    domain: 'monterrey-nearshore.example',
    status: 'under_review',
    callingCode: '+52 81',
    city: 'Monterrey',
  },
  {
    key: 'cape',
    name: 'Cape Service Centre',
    legalName: 'Cape Service Centre (Pty) Ltd',
    country: 'ZA',
    languages: ['en', 'af'],
    services: ['customer service'],
    domain: 'cape-service.example',
    status: 'suspended',
    callingCode: '+27 21',
    city: 'Cape Town',
  },
  {
    key: 'saigon',
    name: 'Saigon Code Works',
    legalName: 'Saigon Code Works Company Limited',
    country: 'VN',
    languages: ['vi', 'en'],
    services: ['IT'],
    domain: 'saigon-codeworks.example',
    status: 'active',
    callingCode: '+84 28',
    city: 'Ho Chi Minh City',
  },
  {
    key: 'carpathia',
    name: 'Carpathia Finance Hub',
    legalName: 'Carpathia Finance Hub S.R.L.',
    country: 'RO',
    languages: ['ro', 'en', 'de'],
    services: ['accounting'],
    domain: 'carpathia-finance.example',
    status: 'approved',
    callingCode: '+40 264',
    city: 'Cluj-Napoca',
  },
  {
    key: 'medellin',
    name: 'Medellín Voice',
    legalName: 'Medellín Voice S.A.S.',
    country: 'CO',
    languages: ['es', 'en'],
    services: ['customer service'],
    domain: 'medellin-voice.example',
    status: 'prospect',
    callingCode: '+57 604',
    city: 'Medellín',
  },
  {
    key: 'nile',
    name: 'Nile Back Office',
    legalName: 'Nile Back Office S.A.E.',
    country: 'EG',
    languages: ['ar', 'en', 'fr'],
    services: ['accounting'],
    domain: 'nile-backoffice.example',
    status: 'offboarded',
    callingCode: '+20 2',
    city: 'Cairo',
  },
  {
    key: 'dnipro',
    name: 'Dnipro Software Studio',
    legalName: 'Dnipro Software Studio LLC',
    country: 'UA',
    languages: ['uk', 'en'],
    services: ['IT'],
    domain: 'dnipro-software.example',
    status: 'under_review',
    callingCode: '+380 56',
    city: 'Dnipro',
  },
  {
    key: 'harbor',
    name: 'Harbor Marketing Group',
    legalName: 'Harbor Marketing Group LLC',
    country: 'US',
    timezone: 'America/Chicago',
    languages: ['en', 'es'],
    services: ['marketing'],
    domain: 'harbor-marketing.example',
    status: 'active',
    callingCode: '+1 312',
    city: 'Chicago',
  },
];

/** A second service a vendor of the first kind plausibly also offers. */
export const RELATED_SERVICES: Record<string, readonly string[]> = {
  'customer service': ['technical support', 'order management', 'marketing'],
  accounting: ['payroll', 'accounts payable', 'tax compliance'],
  payroll: ['accounting', 'HR administration'],
  marketing: ['content production', 'social media', 'customer service'],
  IT: ['application support', 'cloud operations', 'software development'],
};

/** Given and family names that fit each vendor's country, for its contacts. */
export const NAMES: Record<string, { given: readonly string[]; family: readonly string[] }> = {
  PH: {
    given: ['Maria', 'Jose', 'Kristine', 'Mark', 'Angelica', 'Paolo'],
    family: ['Reyes', 'Cruz', 'Bautista', 'Garcia', 'Mendoza', 'Villanueva'],
  },
  IN: {
    given: ['Priya', 'Rahul', 'Ananya', 'Vikram', 'Deepa', 'Arjun'],
    family: ['Sharma', 'Iyer', 'Reddy', 'Nair', 'Patel', 'Rao'],
  },
  PL: {
    given: ['Agnieszka', 'Tomasz', 'Katarzyna', 'Michał', 'Magdalena', 'Paweł'],
    family: ['Kowalska', 'Wiśniewski', 'Zielińska', 'Lewandowski', 'Wójcik', 'Kamiński'],
  },
  PT: {
    given: ['Inês', 'João', 'Beatriz', 'Rui', 'Marta', 'Tiago'],
    family: ['Silva', 'Ferreira', 'Costa', 'Rodrigues', 'Martins', 'Sousa'],
  },
  MX: {
    given: ['Alejandra', 'Diego', 'Fernanda', 'Luis', 'Valeria', 'Carlos'],
    family: ['Hernández', 'González', 'Treviño', 'Garza', 'López', 'Martínez'],
  },
  ZA: {
    given: ['Thandiwe', 'Pieter', 'Lerato', 'Johan', 'Naledi', 'Sipho'],
    family: ['Nkosi', 'van der Merwe', 'Dlamini', 'Botha', 'Mokoena', 'Naidoo'],
  },
  VN: {
    given: ['Linh', 'Minh', 'Thu', 'Quang', 'Hoa', 'Tuan'],
    family: ['Nguyen', 'Tran', 'Le', 'Pham', 'Hoang', 'Vo'],
  },
  RO: {
    given: ['Ioana', 'Andrei', 'Elena', 'Mihai', 'Cristina', 'Radu'],
    family: ['Popescu', 'Ionescu', 'Dumitru', 'Stan', 'Moldovan', 'Pop'],
  },
  CO: {
    given: ['Camila', 'Andrés', 'Daniela', 'Santiago', 'Laura', 'Julián'],
    family: ['Restrepo', 'Gómez', 'Ramírez', 'Ospina', 'Vélez', 'Cardona'],
  },
  EG: {
    given: ['Nour', 'Ahmed', 'Mariam', 'Omar', 'Yasmin', 'Karim'],
    family: ['Hassan', 'Mahmoud', 'Farouk', 'Saleh', 'Abdelrahman', 'Mostafa'],
  },
  UA: {
    given: ['Olena', 'Dmytro', 'Iryna', 'Andrii', 'Kateryna', 'Serhii'],
    family: ['Shevchenko', 'Bondarenko', 'Kovalenko', 'Melnyk', 'Tkachenko', 'Kravchenko'],
  },
  US: {
    given: ['Jessica', 'Michael', 'Ashley', 'David', 'Megan', 'Ryan'],
    family: ['Johnson', 'Miller', 'Davis', 'Anderson', 'Thompson', 'Clark'],
  },
};

/** Contact roles in the order a relationship usually needs them. */
export const CONTACT_ROLES = ['Account manager', 'Operations lead', 'Finance contact', 'Security officer'];

/** Internal notes by status; `{city}` and `{service}` are filled in. */
export const NOTES: Record<VendorStatus, readonly string[]> = {
  prospect: [
    'Introduced at a trade fair; {service} team in {city} looks promising. No RFP sent yet.',
    'Found through a peer recommendation. Ask for two references before the first call.',
  ],
  under_review: [
    'Due diligence in progress: security questionnaire sent, reference calls planned.',
    'Shortlisted for {service}. Waiting for their ISO 27001 certificate and a sample SOW.',
  ],
  approved: [
    'Passed due diligence. Pilot for {service} to start after the contract is signed.',
    'Approved as second source for {service}; no volume committed yet.',
  ],
  active: [
    'Runs {service} from {city}. Monthly business review on the first Tuesday.',
    'Primary partner for {service}. Quality stable; renegotiate rates at the next renewal.',
    'Delivers {service} for the DACH region; escalations go to the account manager first.',
  ],
  suspended: ['Suspended after repeated SLA misses in {service}. Remediation plan due before reinstatement.'],
  offboarded: ['Contract ended; {service} moved to another partner. Data return confirmed in writing.'],
};
