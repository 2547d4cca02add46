/**
 * Readers of the official list files, pure: text in, entries and the file's own publication date
 * out, or every problem with its line (CSV) or element and line (XML). A file with any problem is
 * refused whole by the caller.
 */
import { parse } from 'csv-parse/sync';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { COUNTRY_CODES } from '../../../contracts/countries';
import type { EntryKind, ListFormat } from '../../../contracts/screening';
import type { FieldError } from '../../errors';

interface ParsedEntry {
  ref: string;
  kind: EntryKind;
  names: string[];
  countries: string[];
  identifiers: string[];
  programs: string[];
  remarks: string | null;
}

interface ParsedList {
  /** The file's own publication date or instant, null where the format carries none (OFAC CSV). */
  publishedAt: string | null;
  entries: ParsedEntry[];
}

type ParseOutcome = { ok: true; list: ParsedList } | { ok: false; problems: FieldError[] };

export interface ListFiles {
  main: string;
  alt?: string;
  add?: string;
}

/** OFAC writes "-0-" for an empty field. */
const val = (v: string | undefined) => {
  const t = (v ?? '').trim();
  return t === '' || t === '-0-' ? null : t;
};

const uniq = <T>(a: T[]) => [...new Set(a)];

// English country names (and the forms OFAC and the UN use) to ISO 3166-1 alpha-2.
const COUNTRY_BY_NAME = (() => {
  const names = new Intl.DisplayNames(['en'], { type: 'region' });
  const map = new Map<string, string>();
  for (const code of COUNTRY_CODES) {
    const n = names.of(code);
    if (n) map.set(n.toLowerCase(), code);
  }
  const extra: Record<string, string> = {
    'korea, north': 'KP',
    "korea, democratic people's republic of": 'KP',
    "democratic people's republic of korea": 'KP',
    'korea, south': 'KR',
    'republic of korea': 'KR',
    'russian federation': 'RU',
    'iran (islamic republic of)': 'IR',
    'syrian arab republic': 'SY',
    burma: 'MM',
    'congo, democratic republic of the': 'CD',
    'democratic republic of the congo': 'CD',
    'united states': 'US',
    'united states of america': 'US',
    'united kingdom': 'GB',
    'united kingdom of great britain and northern ireland': 'GB',
    'venezuela (bolivarian republic of)': 'VE',
    'bolivia (plurinational state of)': 'BO',
    'viet nam': 'VN',
    'lao people’s democratic republic': 'LA',
    "lao people's democratic republic": 'LA',
    'united republic of tanzania': 'TZ',
    türkiye: 'TR',
    turkey: 'TR',
    'czech republic': 'CZ',
    'ivory coast': 'CI',
    "cote d'ivoire": 'CI',
    "côte d'ivoire": 'CI',
    'west bank': 'PS',
    palestinian: 'PS',
    'state of palestine': 'PS',
    crimea: 'UA',
  };
  for (const [k, v] of Object.entries(extra)) map.set(k, v);
  return map;
})();

/** An ISO code from a code or an English name; null when unknown. */
function countryCode(value: string | null | undefined): string | null {
  if (!value) return null;
  const t = value.trim();
  if (/^[A-Z]{2}$/.test(t) && (COUNTRY_CODES as readonly string[]).includes(t)) return t;
  return COUNTRY_BY_NAME.get(t.toLowerCase()) ?? null;
}

function csvRows(
  text: string,
  options: { delimiter?: string | string[]; from?: number } = {},
): { rows: Array<{ line: number; cells: string[] }> } | { error: FieldError } {
  // OFAC ends its files with a DOS end-of-file character (0x1A).
  const EOF_CHAR = String.fromCharCode(0x1a);
  const trimmed = text.trimEnd();
  const clean = trimmed.endsWith(EOF_CHAR) ? trimmed.slice(0, -1) : text;
  try {
    const records = parse(clean, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      delimiter: options.delimiter ?? ',',
      from_line: options.from ?? 1,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
    return { rows: records.map((r) => ({ line: r.info.lines, cells: r.record })) };
  } catch (e) {
    const err = e as Error & { lines?: number };
    return { error: { field: 'file', message: err.message, line: err.lines } };
  }
}

const OFAC_KIND: Record<string, EntryKind> = {
  individual: 'individual',
  vessel: 'vessel',
  aircraft: 'aircraft',
};

/** OFAC's sdn.csv (12 columns, no header), with alt.csv (5) and add.csv (6) keyed by ent_num. */
function parseOfac(files: ListFiles): ParseOutcome {
  const problems: FieldError[] = [];
  const byNum = new Map<string, ParsedEntry>();
  const sdn = csvRows(files.main);
  if ('error' in sdn) return { ok: false, problems: [{ ...sdn.error, field: 'sdn.csv' }] };
  for (const { line, cells } of sdn.rows) {
    if (cells.length !== 12) {
      problems.push({ field: 'sdn.csv', line, message: `has ${cells.length} columns; sdn.csv rows have 12` });
      continue;
    }
    const [num, name, type, program, , , , , , , , remarks] = cells;
    if (!/^\d+$/.test((num ?? '').trim())) {
      problems.push({ field: 'sdn.csv ent_num', line, message: 'must be a whole number' });
      continue;
    }
    if (!val(name)) {
      problems.push({ field: 'sdn.csv SDN_Name', line, message: 'is empty' });
      continue;
    }
    const ref = num!.trim();
    if (byNum.has(ref)) {
      problems.push({ field: 'sdn.csv ent_num', line, message: `repeats entry ${ref}` });
      continue;
    }
    const rem = val(remarks);
    byNum.set(ref, {
      ref,
      kind: OFAC_KIND[(val(type) ?? '').toLowerCase()] ?? 'entity',
      names: [val(name)!],
      countries: [],
      identifiers: [],
      programs: (val(program) ?? '')
        .split(/\]\s*\[/)
        .map((p) => p.replace(/[[\]]/g, '').trim())
        .filter(Boolean),
      remarks: rem,
    });
  }
  const linked = (
    file: string,
    text: string | undefined,
    columns: number,
    apply: (e: ParsedEntry, cells: string[]) => void,
  ) => {
    if (text === undefined) return;
    const parsed = csvRows(text);
    if ('error' in parsed) {
      problems.push({ ...parsed.error, field: file });
      return;
    }
    for (const { line, cells } of parsed.rows) {
      if (cells.length !== columns) {
        problems.push({
          field: file,
          line,
          message: `has ${cells.length} columns; ${file} rows have ${columns}`,
        });
        continue;
      }
      const entry = byNum.get((cells[0] ?? '').trim());
      if (!entry) {
        problems.push({
          field: `${file} ent_num`,
          line,
          message: `names entry ${cells[0]}, which sdn.csv does not have`,
        });
        continue;
      }
      apply(entry, cells);
    }
  };
  linked('alt.csv', files.alt, 5, (e, cells) => {
    const name = val(cells[3]);
    if (name) e.names.push(name);
  });
  linked('add.csv', files.add, 6, (e, cells) => {
    const c = countryCode(val(cells[4]));
    if (c) e.countries = uniq([...e.countries, c]);
  });
  if (problems.length) return { ok: false, problems };
  if (byNum.size === 0) return { ok: false, problems: [{ field: 'sdn.csv', message: 'has no entries' }] };
  return { ok: true, list: { publishedAt: null, entries: [...byNum.values()] } };
}

/** The 1-based line of the n-th (0-based) opening tag of an element, for problems. */
function lineOfElement(text: string, tag: string, n: number): number | undefined {
  const re = new RegExp(`<(?:[\\w-]+:)?${tag}[\\s>/]`, 'g');
  let m: RegExpExecArray | null = null;
  for (let i = 0; i <= n; i++) {
    m = re.exec(text);
    if (!m) return undefined;
  }
  let line = 1;
  for (let i = 0; i < m!.index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

const asArray = <T>(v: T | T[] | undefined | null): T[] =>
  v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
const text = (v: unknown): string | null => {
  if (v === undefined || v === null) return null;
  if (typeof v === 'object') return text((v as Record<string, unknown>)['#text']);
  const t = String(v).trim();
  return t === '' ? null : t;
};

function xmlDocument(
  content: string,
  root: string,
): { doc: Record<string, any> } | { problems: FieldError[] } {
  const valid = XMLValidator.validate(content);
  if (valid !== true)
    return {
      problems: [
        {
          field: 'file',
          line: valid.err.line,
          message: `is not well-formed XML: ${valid.err.msg} (column ${valid.err.col})`,
        },
      ],
    };
  const doc = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
  }).parse(content) as Record<string, any>;
  if (!doc[root]) return { problems: [{ field: 'file', line: 1, message: `has no ${root} root element` }] };
  return { doc };
}

/** The EU's XML export: `export` → `sanctionEntity` with `nameAlias@wholeName`, `citizenship@countryIso2Code`, `address@countryIso2Code`. */
function parseEuXml(content: string): ParseOutcome {
  const parsed = xmlDocument(content, 'export');
  if ('problems' in parsed) return { ok: false, problems: parsed.problems };
  const root = parsed.doc.export;
  const problems: FieldError[] = [];
  const entries: ParsedEntry[] = [];
  const published = text(root['@generationDate']);
  if (!published)
    problems.push({
      field: 'export@generationDate',
      line: lineOfElement(content, 'export', 0),
      message: 'is missing',
    });
  asArray(root.sanctionEntity).forEach((e: any, i: number) => {
    const at = () => lineOfElement(content, 'sanctionEntity', i);
    const ref = text(e['@logicalId']);
    const names = uniq(
      asArray(e.nameAlias)
        .map((a: any) => text(a['@wholeName']))
        .filter((n): n is string => !!n),
    );
    if (!ref)
      problems.push({ field: `sanctionEntity[${i + 1}]@logicalId`, line: at(), message: 'is missing' });
    if (!names.length)
      problems.push({
        field: `sanctionEntity[${i + 1}]`,
        line: at(),
        message: 'has no nameAlias with a wholeName',
      });
    if (!ref || !names.length) return;
    const code = text(e.subjectType?.['@code']);
    entries.push({
      ref,
      kind: code === 'person' ? 'individual' : code === 'enterprise' ? 'entity' : 'other',
      names,
      countries: uniq(
        [...asArray(e.citizenship), ...asArray(e.address), ...asArray(e.birthdate)]
          .map((c: any) => countryCode(text(c['@countryIso2Code'])))
          .filter((c): c is string => !!c),
      ),
      identifiers: asArray(e.identification)
        .map((d: any) => text(d['@number']))
        .filter((n): n is string => !!n),
      programs: uniq(
        asArray(e.regulation)
          .map((r: any) => text(r['@programme']))
          .filter((p): p is string => !!p),
      ),
      remarks: text(e.remark),
    });
  });
  if (problems.length) return { ok: false, problems };
  if (!entries.length)
    return { ok: false, problems: [{ field: 'export', message: 'has no sanctionEntity' }] };
  return { ok: true, list: { publishedAt: published, entries } };
}

/** The header's index of each wanted column (case and space insensitive), or the missing ones. */
function columnsOf(
  header: string[],
  wanted: string[],
): { index: Record<string, number> } | { missing: string[] } {
  const norm = (s: string) =>
    s
      .replace(/^\uFEFF/, '')
      .replace(/[\s_]/g, '')
      .toLowerCase();
  const at = new Map(header.map((h, i) => [norm(h), i]));
  const index: Record<string, number> = {};
  const missing: string[] = [];
  for (const w of wanted) {
    const i = at.get(norm(w));
    if (i === undefined) missing.push(w);
    else index[w] = i;
  }
  return missing.length ? { missing } : { index };
}

const missingColumns = (missing: string[], line: number): ParseOutcome => ({
  ok: false,
  problems: missing.map((c) => ({ field: c, line, message: 'column is missing from the header' })),
});

/** The EU's CSV variant: one row per name, address, citizenship…, joined by Entity_LogicalId; `;`-separated. */
function parseEuCsv(content: string): ParseOutcome {
  const parsed = csvRows(content, { delimiter: [';', ','] });
  if ('error' in parsed) return { ok: false, problems: [parsed.error] };
  const [head, ...rows] = parsed.rows;
  if (!head) return { ok: false, problems: [{ field: 'file', message: 'is empty' }] };
  const cols = columnsOf(head.cells, [
    'fileGenerationDate',
    'Entity_LogicalId',
    'Entity_SubjectType',
    'NameAlias_WholeName',
  ]);
  if ('missing' in cols) return missingColumns(cols.missing, head.line);
  const optional = (name: string) => {
    const c = columnsOf(head.cells, [name]);
    return 'index' in c ? c.index[name]! : -1;
  };
  const citizenship = optional('Citizenship_CountryIso2Code');
  const address = optional('Address_CountryIso2Code');
  const identification = optional('Identification_Number');
  const programme = optional('Entity_Regulation_Programme');
  const { index } = cols;
  const problems: FieldError[] = [];
  const byRef = new Map<string, ParsedEntry>();
  let published: string | null = null;
  for (const { line, cells } of rows) {
    const ref = (cells[index.Entity_LogicalId!] ?? '').trim();
    if (!ref) {
      problems.push({ field: 'Entity_LogicalId', line, message: 'is empty' });
      continue;
    }
    published ??= val(cells[index.fileGenerationDate!]);
    const kindCode = (cells[index.Entity_SubjectType!] ?? '').trim().toLowerCase();
    const e = byRef.get(ref) ?? {
      ref,
      kind: (kindCode.startsWith('p')
        ? 'individual'
        : kindCode.startsWith('e')
          ? 'entity'
          : 'other') as EntryKind,
      names: [],
      countries: [],
      identifiers: [],
      programs: [],
      remarks: null,
    };
    const name = val(cells[index.NameAlias_WholeName!]);
    if (name && !e.names.includes(name)) e.names.push(name);
    for (const i of [citizenship, address]) {
      const c = i >= 0 ? countryCode(val(cells[i])) : null;
      if (c && !e.countries.includes(c)) e.countries.push(c);
    }
    const id = identification >= 0 ? val(cells[identification]) : null;
    if (id && !e.identifiers.includes(id)) e.identifiers.push(id);
    const p = programme >= 0 ? val(cells[programme]) : null;
    if (p && !e.programs.includes(p)) e.programs.push(p);
    byRef.set(ref, e);
  }
  for (const e of byRef.values())
    if (!e.names.length)
      problems.push({ field: 'NameAlias_WholeName', message: `entity ${e.ref} has no name on any row` });
  if (!published) problems.push({ field: 'fileGenerationDate', line: head.line + 1, message: 'is empty' });
  if (problems.length) return { ok: false, problems };
  if (!byRef.size) return { ok: false, problems: [{ field: 'file', message: 'has no entries' }] };
  return { ok: true, list: { publishedAt: published, entries: [...byRef.values()] } };
}

/** The UN Security Council's XML: `CONSOLIDATED_LIST` → `INDIVIDUALS/INDIVIDUAL`, `ENTITIES/ENTITY`. */
function parseUnXml(content: string): ParseOutcome {
  const parsed = xmlDocument(content, 'CONSOLIDATED_LIST');
  if ('problems' in parsed) return { ok: false, problems: parsed.problems };
  const root = parsed.doc.CONSOLIDATED_LIST;
  const problems: FieldError[] = [];
  const entries: ParsedEntry[] = [];
  const published = text(root['@dateGenerated']) ?? text(root['@DATE_GENERATED']);
  if (!published)
    problems.push({
      field: 'CONSOLIDATED_LIST@dateGenerated',
      line: lineOfElement(content, 'CONSOLIDATED_LIST', 0),
      message: 'is missing',
    });
  const read = (tag: 'INDIVIDUAL' | 'ENTITY', items: any[]) =>
    items.forEach((e: any, i: number) => {
      const at = () => lineOfElement(content, tag, i);
      const ref = text(e.DATAID);
      const primary = ['FIRST_NAME', 'SECOND_NAME', 'THIRD_NAME', 'FOURTH_NAME']
        .map((k) => text(e[k]))
        .filter(Boolean)
        .join(' ');
      if (!ref) problems.push({ field: `${tag}[${i + 1}].DATAID`, line: at(), message: 'is missing' });
      if (!primary)
        problems.push({ field: `${tag}[${i + 1}].FIRST_NAME`, line: at(), message: 'is missing' });
      if (!ref || !primary) return;
      const aliases = asArray(e[`${tag}_ALIAS`])
        .map((a: any) => text(a.ALIAS_NAME))
        .filter((n): n is string => !!n);
      const original = text(e.NAME_ORIGINAL_SCRIPT);
      const countries = [
        ...asArray(e.NATIONALITY).flatMap((n: any) => asArray(n.VALUE)),
        ...asArray(e[`${tag}_ADDRESS`]).map((a: any) => a.COUNTRY),
      ]
        .map((c) => countryCode(text(c)))
        .filter((c): c is string => !!c);
      entries.push({
        ref,
        kind: tag === 'INDIVIDUAL' ? 'individual' : 'entity',
        names: uniq([primary, ...aliases, ...(original ? [original] : [])]),
        countries: uniq(countries),
        identifiers: asArray(e.INDIVIDUAL_DOCUMENT)
          .map((d: any) => text(d.NUMBER))
          .filter((n): n is string => !!n),
        programs: [text(e.UN_LIST_TYPE), text(e.REFERENCE_NUMBER)].filter((p): p is string => !!p),
        remarks: text(e.COMMENTS1),
      });
    });
  read('INDIVIDUAL', asArray(root.INDIVIDUALS?.INDIVIDUAL));
  read('ENTITY', asArray(root.ENTITIES?.ENTITY));
  if (problems.length) return { ok: false, problems };
  if (!entries.length)
    return { ok: false, problems: [{ field: 'CONSOLIDATED_LIST', message: 'has no INDIVIDUAL or ENTITY' }] };
  return { ok: true, list: { publishedAt: published, entries } };
}

/** DD/MM/YYYY (the UK's date) to YYYY-MM-DD. */
function ukDate(v: string | null): string | null {
  const m = v ? /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v.trim()) : null;
  return m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : null;
}

const UK_KIND: Record<string, EntryKind> = { individual: 'individual', entity: 'entity', ship: 'vessel' };

/** The UK's consolidated list CSV: "Last Updated" first row, then a header, one row per name joined by Group ID. */
function parseUkCsv(content: string): ParseOutcome {
  const parsed = csvRows(content);
  if ('error' in parsed) return { ok: false, problems: [parsed.error] };
  const [first, head, ...rows] = parsed.rows;
  const published =
    first && /^last updated$/i.test((first.cells[0] ?? '').trim()) ? ukDate(first.cells[1] ?? null) : null;
  if (!published)
    return {
      ok: false,
      problems: [
        {
          field: 'Last Updated',
          line: first?.line ?? 1,
          message: 'the first row must be "Last Updated" and a date DD/MM/YYYY',
        },
      ],
    };
  if (!head) return { ok: false, problems: [{ field: 'file', message: 'has no header row' }] };
  const names = ['Name 6', 'Name 1', 'Name 2', 'Name 3', 'Name 4', 'Name 5'];
  const cols = columnsOf(head.cells, [...names, 'Group Type', 'Group ID']);
  if ('missing' in cols) return missingColumns(cols.missing, head.line);
  const country = columnsOf(head.cells, ['Country']);
  const regime = columnsOf(head.cells, ['Regime']);
  const { index } = cols;
  const problems: FieldError[] = [];
  const byGroup = new Map<string, ParsedEntry>();
  for (const { line, cells } of rows) {
    const ref = (cells[index['Group ID']!] ?? '').trim();
    if (!/^\d+$/.test(ref)) {
      problems.push({ field: 'Group ID', line, message: 'must be a whole number' });
      continue;
    }
    const type = (cells[index['Group Type']!] ?? '').trim().toLowerCase();
    const kind = UK_KIND[type];
    if (!kind) {
      problems.push({ field: 'Group Type', line, message: 'must be Individual, Entity or Ship' });
      continue;
    }
    const last = val(cells[index['Name 6']!]);
    const given = names
      .slice(1)
      .map((n) => val(cells[index[n]!]))
      .filter(Boolean);
    if (!last) {
      problems.push({ field: 'Name 6', line, message: 'is empty' });
      continue;
    }
    const e = byGroup.get(ref) ?? {
      ref,
      kind,
      names: [],
      countries: [],
      identifiers: [],
      programs: [],
      remarks: null,
    };
    const name = [...given, last].join(' ');
    if (!e.names.includes(name)) e.names.push(name);
    const c = 'index' in country ? countryCode(val(cells[country.index.Country!])) : null;
    if (c && !e.countries.includes(c)) e.countries.push(c);
    const r = 'index' in regime ? val(cells[regime.index.Regime!]) : null;
    if (r && !e.programs.includes(r)) e.programs.push(r);
    byGroup.set(ref, e);
  }
  if (problems.length) return { ok: false, problems };
  if (!byGroup.size) return { ok: false, problems: [{ field: 'file', message: 'has no entries' }] };
  return { ok: true, list: { publishedAt: published, entries: [...byGroup.values()] } };
}

/** Read a list file in the given format. */
export function parseList(format: ListFormat, files: ListFiles): ParseOutcome {
  if (format !== 'ofac_csv' && (files.alt !== undefined || files.add !== undefined))
    return {
      ok: false,
      problems: [{ field: 'files', message: 'alt and add are OFAC files; this format has one file' }],
    };
  switch (format) {
    case 'ofac_csv':
      return parseOfac(files);
    case 'eu_xml':
      return parseEuXml(files.main);
    case 'eu_csv':
      return parseEuCsv(files.main);
    case 'un_xml':
      return parseUnXml(files.main);
    case 'uk_csv':
      return parseUkCsv(files.main);
  }
}
