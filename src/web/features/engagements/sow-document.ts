/**
 * The SOW document as the editor holds it, and what is sent to the API: blank lines the editor
 * keeps while someone types are dropped, the document is checked against the contract, and the
 * linter's paths are mapped back onto the lines as the editor shows them.
 */
import {
  type LintFinding,
  type Sow,
  SowDocument,
  type SowDocument as SowDocumentType,
} from '../../../contracts/engagements';

export type Doc = SowDocumentType;
export type Deliverable = Doc['deliverables'][number];
export type Milestone = Doc['milestones'][number];
export type Kpi = Doc['kpis'][number];
export type RaciRow = Doc['raci'][number];
export type Forum = Doc['governanceForums'][number];

const LINE_SECTIONS = ['objectives', 'inScope', 'outOfScope', 'assumptions'] as const;

/** A blank document to start a first draft from. */
export function emptyDocument(): Doc {
  return SowDocument.parse({});
}

/** The document fields of a stored version (without version, status and dates). */
export function documentOf(sow: Sow): Doc {
  return {
    objectives: sow.objectives,
    inScope: sow.inScope,
    outOfScope: sow.outOfScope,
    assumptions: sow.assumptions,
    deliverables: sow.deliverables,
    milestones: sow.milestones,
    kpis: sow.kpis,
    creditCapPct: sow.creditCapPct,
    raci: sow.raci,
    reportingCadence: sow.reportingCadence,
    governanceForums: sow.governanceForums,
  };
}

export function newDeliverable(): Deliverable {
  return { title: '', description: '', acceptanceCriteria: [], dueDate: null };
}
export function newMilestone(): Milestone {
  return { title: '', dueDate: null, paymentAmount: null };
}
export function newKpi(): Kpi {
  return {
    name: '',
    unit: null,
    aggregation: 'mean',
    p: null,
    direction: 'at_least',
    target: null,
    period: 'month',
    creditPct: 0,
    weight: 1,
  };
}
export function newRaciRow(): RaciRow {
  return { activity: '', responsible: [], accountable: [], consulted: [], informed: [] };
}
export function newForum(): Forum {
  return { name: '', cadence: 'monthly', attendees: [] };
}

/** ['deliverables', 2, 'acceptanceCriteria'] → "deliverables[2].acceptanceCriteria", as the linter writes it. */
export function pathOf(parts: readonly PropertyKey[]): string {
  return parts
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}

export interface Prepared {
  /** The document to send, or null when it breaks the contract (see `problems`). */
  doc: Doc | null;
  /** Contract violations, shown like lint errors next to their fields. */
  problems: LintFinding[];
  /** A path of the sent document → the same place in the editor. */
  toEditorPath(path: string): string;
}

const blank = (s: string) => s.trim() === '';

/** Make the editor's document ready for the API. */
export function prepare(doc: Doc): Prepared {
  const kept = new Map<string, number[]>();
  const keep = (path: string, lines: string[]) => {
    const indices = lines.flatMap((line, i) => (blank(line) ? [] : [i]));
    kept.set(path, indices);
    return indices.map((i) => lines[i]!.trim());
  };
  const cleaned = {
    ...doc,
    ...Object.fromEntries(LINE_SECTIONS.map((s) => [s, keep(s, doc[s])])),
    deliverables: doc.deliverables.map((d, i) => ({
      ...d,
      acceptanceCriteria: keep(`deliverables[${i}].acceptanceCriteria`, d.acceptanceCriteria),
    })),
  };

  const toEditorPath = (path: string) =>
    path.replace(/^((?:\w+\[\d+\]\.)?\w+)\[(\d+)\]/, (whole, list: string, index: string) => {
      const original = kept.get(list)?.[Number(index)];
      return original === undefined ? whole : `${list}[${original}]`;
    });

  const parsed = SowDocument.safeParse(cleaned);
  if (parsed.success) return { doc: parsed.data, problems: [], toEditorPath };
  const problems = parsed.error.issues.map((issue) => ({
    rule: 'form.invalid',
    severity: 'error' as const,
    path: toEditorPath(pathOf(issue.path)),
    message: `${labelOf(issue.path)} ${issue.message}.`,
    points: 0,
  }));
  return { doc: null, problems, toEditorPath };
}

function labelOf(parts: readonly PropertyKey[]): string {
  const last = [...parts].reverse().find((p) => typeof p === 'string');
  const name = String(last ?? 'Field').replace(/([A-Z])/g, ' $1');
  return name.charAt(0).toUpperCase() + name.slice(1).toLowerCase();
}
