import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildServerIfStale, builtServer } from '../../../../test/helpers/build';
import { MeasurementCsvParser, type ParsedBatch, SOURCE_CLIENT, SOURCE_VENDOR } from './import-parse';
import { ParserThread } from './import-thread';
import { RollupSums } from './rollup-sums';

const HEADER = 'engagement,kpi,at,value,numerator,denominator,source,external_id\n';

/** The rows of batches as plain objects, with their pair texts: what the importer would see. */
function rowsOf(batches: ParsedBatch[]) {
  const texts: string[] = [];
  const out: Array<Record<string, unknown>> = [];
  for (const b of batches) {
    texts.push(...b.newPairs);
    let p = 0;
    for (let i = 0; i < b.count; i++) {
      const problems: string[] = [];
      for (; p < b.problems.length && b.problems[p]!.row === i; p++)
        problems.push(`${b.problems[p]!.field}: ${b.problems[p]!.message}`);
      const num = (x: number) => (Number.isNaN(x) ? null : x);
      out.push({
        line: b.line[i],
        engagement: texts[b.pair[i]! * 2],
        kpi: texts[b.pair[i]! * 2 + 1],
        ...(problems.length
          ? { problems }
          : {
              at: b.at[i],
              value: num(b.value[i]!),
              numerator: num(b.numerator[i]!),
              denominator: num(b.denominator[i]!),
              source: b.source[i],
              externalId: b.externalId ? b.externalId[i] : null,
            }),
      });
    }
  }
  return out;
}

/** A file of `n` rows over two engagements and three KPIs, some with external ids and problems. */
function file(n: number) {
  let text = HEADER;
  for (let i = 0; i < n; i++) {
    const at = new Date(Date.parse('2027-03-01T00:00:00Z') + i * 61_000).toISOString();
    const bad = i % 997 === 500 ? 'x' : String(i % 40);
    text += `eng_${i % 2},kpi_${i % 3},${at},${bad},,,${i % 5 === 0 ? 'vendor' : ''},${i % 7 === 0 ? `ext-${i}` : ''}\n`;
  }
  return text;
}

describe('the CSV measurement parser', () => {
  it('reads rows into columns, checks what needs no database and keeps each problem on its row', () => {
    const parser = new MeasurementCsvParser(false);
    const batch = parser.end(
      `\ufeff${HEADER}` +
        'e1,asa,2027-03-07T10:00:00+01:00,14,,,,c-1\n' +
        '\n' +
        'e1,sl,2027-03-07T10:00:00Z,,9,10,vendor,\n' +
        'e1,asa,07/03/2027,14,,,,\n' +
        'e2,asa,2027-03-07T10:00:00Z,fast,1e999,,both,x\n' +
        ' e1 , asa ,2027-03-07T11:00:00.000Z,3,,,client,c-2',
    );
    expect(batch.errors).toEqual([]);
    expect(batch.headerSeen).toBe(true);
    expect(batch.rows).toBe(5);
    expect(rowsOf([batch])).toEqual([
      {
        line: 2,
        engagement: 'e1',
        kpi: 'asa',
        at: '2027-03-07T09:00:00.000Z',
        value: 14,
        numerator: null,
        denominator: null,
        source: SOURCE_CLIENT,
        externalId: 'c-1',
      },
      {
        line: 4,
        engagement: 'e1',
        kpi: 'sl',
        at: '2027-03-07T10:00:00.000Z',
        value: null,
        numerator: 9,
        denominator: 10,
        source: SOURCE_VENDOR,
        externalId: null,
      },
      {
        line: 5,
        engagement: 'e1',
        kpi: 'asa',
        problems: ['at: must be an ISO 8601 instant with an offset, such as 2027-03-14T09:30:00Z'],
      },
      {
        line: 6,
        engagement: 'e2',
        kpi: 'asa',
        problems: [
          'value: must be a number',
          'numerator: must be a number',
          'source: must be client or vendor',
        ],
      },
      {
        line: 7,
        engagement: 'e1',
        kpi: 'asa',
        at: '2027-03-07T11:00:00.000Z',
        value: 3,
        numerator: null,
        denominator: null,
        source: SOURCE_CLIENT,
        externalId: 'c-2',
      },
    ]);
    // Texts are numbered once per parser: e1/asa is pair 0 on lines 2, 5 and 7.
    expect(batch.newPairs).toEqual(['e1', 'asa', 'e1', 'sl', 'e2', 'asa']);
    // Roll-ups count the good rows only.
    const sums = new RollupSums();
    for (const g of parser.rollups()) sums.mergeGroup(g.engagementId, g.kpiId, g.source, g.buckets);
    expect(
      [...sums.deltas()].map((d) => [d.engagementId, d.kpiId, d.source, d.bucket, d.n, d.total]),
    ).toEqual([
      ['e1', 'asa', 'client', '2027-03-07T09:00:00.000Z', 1, 14],
      ['e1', 'asa', 'client', '2027-03-07T11:00:00.000Z', 1, 3],
      ['e1', 'sl', 'vendor', '2027-03-07T10:00:00.000Z', 1, null],
    ]);
  });

  it('reports every row of a vendor user as the vendor', () => {
    const batch = new MeasurementCsvParser(true).end(`${HEADER}e1,asa,2027-03-07T10:00:00Z,1,,,client,\n`);
    expect(batch.source[0]).toBe(SOURCE_VENDOR);
  });

  it('stops at a bad header or a CSV syntax error, naming the line', () => {
    const header = new MeasurementCsvParser(false).push('engagement,kpi,when\ne,k,z\n');
    expect(header.errors.map((e) => `${e.line} ${e.field}`)).toEqual(['1 when', '1 at']);
    expect(header.stopped).toBe(true);
    expect(header.headerSeen).toBe(false);
    const parser = new MeasurementCsvParser(false);
    expect(parser.push(`${HEADER}e,k,2027-03-07T10:00:00Z,1,,,,\n`).count).toBe(1);
    const open = parser.end('e,"open\n');
    expect(open.errors).toEqual([{ line: 3, field: 'file', message: 'a quoted field is never closed' }]);
    expect(open.stopped).toBe(true);
    expect(parser.end('more,rows\n').count).toBe(0);
  });

  it('gives the same rows and sums when a second parser carries on from the first’s state', () => {
    const text = file(5000);
    const whole = new MeasurementCsvParser(false);
    const wholeRows = rowsOf([whole.end(text)]);
    // Cut in the middle of a line, as network chunks fall.
    const cut = Math.floor(text.length * 0.37);
    const first = new MeasurementCsvParser(false);
    const a = first.push(text.slice(0, cut));
    const second = new MeasurementCsvParser(false, first.state());
    const b = second.end(text.slice(cut));
    expect(a.count + b.count).toBe(5000);
    expect([...rowsOf([a]), ...rowsOf([b])]).toEqual(wholeRows);
    expect(b.rows).toBe(5000);
    const merged = new RollupSums();
    for (const g of [...first.rollups(), ...second.rollups()])
      merged.mergeGroup(g.engagementId, g.kpiId, g.source, g.buckets);
    const alone = new RollupSums();
    for (const g of whole.rollups()) alone.mergeGroup(g.engagementId, g.kpiId, g.source, g.buckets);
    const key = (d: { engagementId: string; kpiId: string; source: string; bucket: string }) =>
      `${d.engagementId} ${d.kpiId} ${d.source} ${d.bucket}`;
    const sorted = (s: RollupSums) => [...s.deltas()].sort((x, y) => key(x).localeCompare(key(y)));
    expect(sorted(merged)).toEqual(sorted(alone));
  });
});

// From the TypeScript sources (as under tsx), and from the build `npm start` runs (dist/server).
const fromBuild = (): string => {
  buildServerIfStale();
  return pathToFileURL(builtServer).href;
};
describe.each<[string, () => string | undefined]>([
  ['the TypeScript sources', () => undefined],
  ['the built server', fromBuild],
])('the CSV measurement parser on a worker thread, from %s', (_, from) => {
  it('starts, and answers each piece of text in order with what the parser gives here', async () => {
    const text = file(3000);
    const pieces = [text.slice(0, 40_000), text.slice(40_000, 90_000), text.slice(90_000)];
    const here = new MeasurementCsvParser(false);
    const expected = [here.push(pieces[0]!), here.push(pieces[1]!), here.end(pieces[2]!)];

    const thread = ParserThread.start(false, from());
    expect(thread).not.toBeNull();
    try {
      expect(await thread!.settled()).toBe(true);
      thread!.send({ type: 'start', state: new MeasurementCsvParser(false).state() });
      thread!.send({ type: 'text', text: pieces[0]! });
      thread!.send({ type: 'text', text: pieces[1]! });
      thread!.send({ type: 'end', text: pieces[2]! });
      expect(thread!.inFlight).toBe(3);
      const answers = [await thread!.next(), await thread!.next(), await thread!.next()];
      expect(answers.map((m) => m.type)).toEqual(['batch', 'batch', 'end']);
      expect(rowsOf(answers.map((m) => m.batch))).toEqual(rowsOf(expected));
      const last = answers[2]!;
      expect(last.type === 'end' && last.rollups.length).toBe(here.rollups().length);
      expect(thread!.inFlight).toBe(0);
    } finally {
      await thread!.stop();
    }
  });
});
