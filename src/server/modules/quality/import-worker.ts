/**
 * The CSV import's parser on a thread of its own (started through `lib/ts-worker.mjs`): it takes
 * decoded text from the importing thread and answers each piece with its parsed batch, in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { MeasurementCsvParser, type ParsedBatch, type ParserState } from './import-parse';

export type ToParser =
  | { type: 'start'; state: ParserState }
  | { type: 'text'; text: string }
  | { type: 'end'; text: string };

export type FromParser =
  | { type: 'ready' }
  | { type: 'batch'; batch: ParsedBatch }
  | { type: 'end'; batch: ParsedBatch; rollups: ReturnType<MeasurementCsvParser['rollups']> };

const port = parentPort!;
const { vendor } = workerData as { vendor: boolean };
let parser: MeasurementCsvParser | null = null;

const buffers = (b: ParsedBatch): ArrayBuffer[] => [
  b.pair.buffer as ArrayBuffer,
  b.line.buffer as ArrayBuffer,
  b.value.buffer as ArrayBuffer,
  b.numerator.buffer as ArrayBuffer,
  b.denominator.buffer as ArrayBuffer,
  b.source.buffer as ArrayBuffer,
];

port.on('message', (m: ToParser) => {
  if (m.type === 'start') {
    parser = new MeasurementCsvParser(vendor, m.state);
    return;
  }
  if (!parser) throw new Error('the import parser was sent text before it was started');
  if (m.type === 'text') {
    const batch = parser.push(m.text);
    port.postMessage({ type: 'batch', batch } satisfies FromParser, buffers(batch));
    return;
  }
  const batch = parser.end(m.text);
  port.postMessage({ type: 'end', batch, rollups: parser.rollups() } satisfies FromParser, buffers(batch));
});
port.postMessage({ type: 'ready' } satisfies FromParser);
