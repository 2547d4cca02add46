/**
 * Sanctions screening at scale: 10,000 vendors (each with a legal name and a contact) screened
 * against a 15,000-entry list, the work a new list version starts. The target is 30 s on this
 * machine. Run alone with `OUTPOST_BENCH_ONLY=screening npm run bench`; it is not part of the
 * default run.
 */
import { newId } from '../src/server/lib/ids';
import { ACTOR, type World } from './setup';

const VENDORS = Number(process.env.OUTPOST_BENCH_SCREENING_VENDORS || 10_000);
const ENTRIES = Number(process.env.OUTPOST_BENCH_SCREENING_ENTRIES || 15_000);
const LIMIT_S = 30;

/** A small seeded generator (mulberry32), so every run screens the same names. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Syllables from consonant and vowel pairs, so names spread over many first letters as real ones do.
const SYLLABLES = 'b c d f g h k l m n p r s t v z br ch dr gr kr pr sh st tr'
  .split(' ')
  .flatMap((c) => ['a', 'e', 'i', 'o', 'u', 'an', 'el', 'or'].map((v) => c + v));

function namer(seed: number) {
  const r = random(seed);
  const word = () => {
    const n = 2 + Math.floor(r() * 2);
    let w = '';
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(r() * SYLLABLES.length)];
    return w[0]!.toUpperCase() + w.slice(1);
  };
  return { word, r };
}

export async function benchScreening(world: World) {
  const { db } = world.database;
  const names = namer(7);
  // The list: people and companies, as the UK's CSV writes them.
  const rows = [
    'Last Updated,01/05/2027',
    'Name 6,Name 1,Name 2,Name 3,Name 4,Name 5,Country,Group Type,Group ID',
  ];
  const listed: string[] = [];
  for (let i = 0; i < ENTRIES; i++) {
    const person = names.r() < 0.6;
    const name6 = person ? names.word() : `${names.word()} ${names.word()} Trading`;
    const name1 = person ? names.word() : '';
    rows.push(`${name6},${name1},,,,,Russia,${person ? 'Individual' : 'Entity'},${100000 + i}`);
    listed.push(person ? `${name1} ${name6}` : name6);
  }
  // The vendors: mostly other names, one in a hundred a listed one.
  const at = new Date('2027-05-15T12:00:00Z').toISOString();
  const vendorNames = namer(11);
  const vendors = [];
  const contacts = [];
  for (let i = 0; i < VENDORS; i++) {
    const id = newId('vnd');
    const name = i % 100 === 0 ? listed[i]! : `${vendorNames.word()} ${vendorNames.word()} Services`;
    vendors.push({
      id,
      name,
      legalName: `${name} GmbH`,
      country: 'DE',
      timezone: 'Europe/Berlin',
      languages: '[]',
      services: '[]',
      website: null,
      status: 'active',
      criticality: 'medium',
      ownerId: null,
      notes: null,
      createdAt: at,
      updatedAt: at,
    });
    contacts.push({
      id: newId('vct'),
      vendorId: id,
      name: `${vendorNames.word()} ${vendorNames.word()}`,
      email: null,
      phone: null,
      role: null,
      timezone: null,
      createdAt: at,
      updatedAt: at,
    });
  }
  for (let i = 0; i < VENDORS; i += 500) {
    await db
      .insertInto('vendors')
      .values(vendors.slice(i, i + 500))
      .execute();
    await db
      .insertInto('vendorContacts')
      .values(contacts.slice(i, i + 500))
      .execute();
  }
  const screening = world.services.screening;
  const t0 = performance.now();
  // Loading the version screens every vendor once it is written.
  const { version, screened } = await screening.lists.load(ACTOR, 'uk', {
    format: 'uk_csv',
    files: { main: rows.join('\n') },
  });
  const totalS = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const again = await screening.screenAll();
  const screenS = (performance.now() - t1) / 1000;
  return {
    entries: version.entryCount,
    vendors: screened.vendors,
    hits: screened.newHits,
    loadAndScreenSeconds: Math.round(totalS * 10) / 10,
    screenSeconds: Math.round(screenS * 10) / 10,
    screenedAgain: again.vendors,
    limitSeconds: LIMIT_S,
    ratio: Math.round((totalS / LIMIT_S) * 100) / 100,
    met: totalS <= LIMIT_S,
  };
}

export function printScreening(title: string, r: Awaited<ReturnType<typeof benchScreening>>) {
  console.log(`\n${title}`);
  console.log('| what | seconds | target | ratio to 30 s | met |');
  console.log('| --- | ---: | --- | ---: | ---: |');
  console.log(
    `| load a ${r.entries.toLocaleString('en')}-entry list and screen ${r.vendors.toLocaleString('en')} vendors (${r.hits} hits) | ${r.loadAndScreenSeconds} | ≤ 30 s | ${r.ratio} | ${r.met ? 'yes' : 'NO'} |`,
  );
  console.log(`| screen the same vendors again (hits kept) | ${r.screenSeconds} | | | |`);
}
