/** How `outpost demo` and `outpost serve --demo` show what the demo loader did. */
import { DEMO_ORGANISATION } from '../server/demo/catalogue';
import type { DemoLogin, DemoResult } from '../server/demo/load';
import { table } from './context';

export function loginsTable(logins: readonly DemoLogin[]): string {
  return table(
    logins.map((l) => ({ role: l.role, email: l.email, password: l.password, vendor: l.vendor ?? '' })),
    { role: 'Role', email: 'Email', password: 'Password', vendor: 'Vendor' },
  );
}

export function summary(result: DemoResult): string {
  const { created, existing } = result;
  if (created.users === 0 && created.vendors === 0 && created.engagements === 0) {
    return `The demo data set is already loaded (${existing.users} users, ${existing.vendors} vendors); nothing was added.`;
  }
  const parts = [
    `${created.users} users`,
    `${created.vendors} vendors with ${created.contacts} contacts`,
    `${created.statusChanges} status changes`,
  ];
  if (created.engagements > 0)
    parts.push(
      `18 months of history: ${created.engagements} engagements, ${created.measurements} KPI measurements, ${created.invoices} invoices`,
    );
  const kept =
    existing.users + existing.vendors > 0
      ? ` Already there and left as they were: ${existing.users} users, ${existing.vendors} vendors.`
      : '';
  const { name, country, timezone, currency } = DEMO_ORGANISATION;
  const org = result.setUp ? ` Organisation: ${name} (${country}, ${timezone}, ${currency}).` : '';
  return `Demo data loaded: ${parts.join(', ')}.${org}${kept}`;
}
