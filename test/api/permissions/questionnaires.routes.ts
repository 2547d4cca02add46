/** Questionnaire templates are internal; assessments are answered by their vendor's users and reviewed by writers. */
import { allowed, everyone, type Fixtures, INTERNAL, made, type RouteCase, V1, WRITERS } from './kit';
import { INTERNAL_MARKERS } from './vendor-facing';

/** With a scoring model (weights, option points, a flag rule that answering `q` yes raises): internal all. */
export const TEMPLATE = {
  name: 'Matrix questionnaire',
  sections: [
    {
      id: 's',
      title: 'S',
      questions: [
        { id: 'q', text: 'Q?', type: 'yes_no', weight: INTERNAL_MARKERS.weight },
        {
          id: 'c',
          text: 'Which?',
          type: 'single_choice',
          weight: 2,
          condition: 'q/yes',
          options: [
            { id: 'best', label: 'Best', score: INTERNAL_MARKERS.optionScore },
            { id: 'worst', label: 'Worst', score: 0 },
          ],
        },
      ],
    },
  ],
  flags: [
    {
      id: 'f',
      condition: 'q/yes',
      severity: 'critical',
      title: INTERNAL_MARKERS.flagTitle,
      message: 'internal',
    },
  ],
};
const template = (f: Fixtures) => made(f, `${V1}/questionnaire-templates`, TEMPLATE);
/** A fresh assessment of a vendor, optionally submitted. */
async function assessment(f: Fixtures, vendorId: string, submitted = false) {
  const id = await made(f, `${V1}/assessments`, {
    templateId: await template(f),
    vendorId,
    dueDate: '2027-06-30',
  });
  if (submitted) await f.t.call('POST', `${V1}/assessments/${id}/submit`, { as: f.as.owner });
  return id;
}
const WRITERS_AND_VENDOR = [...WRITERS, 'vendor' as const];

export const routes: Record<string, RouteCase> = {
  [`GET ${V1}/questionnaire-templates`]: {
    expect: allowed(INTERNAL, 200),
    probe: () => ({ url: `${V1}/questionnaire-templates` }),
  },
  [`POST ${V1}/questionnaire-templates`]: {
    expect: allowed(WRITERS, 201),
    probe: () => ({ url: `${V1}/questionnaire-templates`, body: TEMPLATE }),
  },
  [`POST ${V1}/questionnaire-starters/{key}`]: {
    expect: allowed(WRITERS, 201),
    probe: () => ({ url: `${V1}/questionnaire-starters/privacy` }),
  },
  [`POST ${V1}/questionnaire-templates/import`]: {
    expect: allowed(WRITERS, 201),
    probe: () => ({
      url: `${V1}/questionnaire-templates/import?format=outpost`,
      raw: JSON.stringify(TEMPLATE),
      headers: { 'content-type': 'application/json' },
    }),
  },
  [`GET ${V1}/questionnaire-templates/{id}`]: {
    expect: allowed(INTERNAL, 200),
    probe: async (_w, f) => ({ url: `${V1}/questionnaire-templates/${await template(f)}` }),
  },
  [`PUT ${V1}/questionnaire-templates/{id}`]: {
    expect: allowed(WRITERS, 200),
    probe: async (_w, f) => ({ url: `${V1}/questionnaire-templates/${await template(f)}`, body: TEMPLATE }),
  },
  [`GET ${V1}/questionnaire-templates/{id}/export`]: {
    expect: allowed(INTERNAL, 200),
    probe: async (_w, f) => ({ url: `${V1}/questionnaire-templates/${await template(f)}/export` }),
  },
  [`GET ${V1}/assessments`]: {
    expect: everyone(200),
    probe: () => ({ url: `${V1}/assessments` }),
  },
  [`POST ${V1}/assessments`]: {
    expect: allowed(WRITERS, 201),
    probe: async (_w, f) => ({
      url: `${V1}/assessments`,
      body: { templateId: await template(f), vendorId: f.own.id, dueDate: '2027-06-30' },
    }),
  },
  [`GET ${V1}/assessments/{id}`]: {
    expect: everyone(200),
    probe: async (_w, f) => ({ url: `${V1}/assessments/${await assessment(f, f.own.id)}` }),
    otherVendor: async (f) => ({ url: `${V1}/assessments/${await assessment(f, f.other.id)}` }),
  },
  [`PUT ${V1}/assessments/{id}/answers`]: {
    expect: allowed(WRITERS_AND_VENDOR, 200),
    probe: async (_w, f) => ({
      url: `${V1}/assessments/${await assessment(f, f.own.id)}/answers`,
      body: { answers: { q: 'yes' } },
    }),
    otherVendor: async (f) => ({
      url: `${V1}/assessments/${await assessment(f, f.other.id)}/answers`,
      body: { answers: { q: 'yes' } },
    }),
  },
  [`POST ${V1}/assessments/{id}/submit`]: {
    expect: allowed(WRITERS_AND_VENDOR, 200),
    probe: async (_w, f) => ({ url: `${V1}/assessments/${await assessment(f, f.own.id)}/submit` }),
    otherVendor: async (f) => ({ url: `${V1}/assessments/${await assessment(f, f.other.id)}/submit` }),
  },
  [`POST ${V1}/assessments/{id}/review`]: {
    expect: allowed(WRITERS, 200),
    probe: async (_w, f) => ({
      url: `${V1}/assessments/${await assessment(f, f.own.id, true)}/review`,
      body: { decision: 'complete' },
    }),
  },
};
