/**
 * The API's contract, checked on real answers: every answer the permission matrix receives must be
 * a status the OpenAPI document declares for the operation, in a media type it declares for that
 * status, and — for JSON — valid against the declared schema, by a JSON Schema validator we did not
 * write (Ajv, draft 2020-12, formats on). It reads whatever the document holds, so routes added
 * later are checked the same way once the matrix calls them.
 */
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

type Json = Record<string, unknown>;
interface Doc {
  paths: Record<string, Record<string, Json>>;
  components: Json;
}
interface Response {
  description?: string;
  content?: Record<string, { schema?: unknown }>;
}
export interface Answer {
  status: number;
  text: string;
  body: unknown;
  headers: Record<string, unknown>;
}

/**
 * Compiles schemas whose `$ref`s point into the document's components, once per distinct schema
 * (every error shares `Problem`, most answers are one `$ref`), so the matrix pays for each once.
 */
export function schemaCompiler(components: unknown) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'outpost', components });
  const cache = new Map<string, ValidateFunction>();
  return (schema: unknown): ValidateFunction => {
    const text = JSON.stringify(schema).replaceAll('"#/components/', '"outpost#/components/');
    let validate = cache.get(text);
    if (!validate) {
      validate = ajv.compile(JSON.parse(text));
      cache.set(text, validate);
    }
    return validate;
  };
}

const isJson = (type: string) => type === 'application/json' || /\+json$/.test(type);

/** The declared media type an answer's `Content-Type` falls under (`text/*` and `*\/*` included). */
function mediaFor(content: Record<string, unknown>, type: string): string | undefined {
  if (content[type]) return type;
  const [major] = type.split('/');
  return [`${major}/*`, '*/*'].find((m) => content[m]);
}

export function contractChecker(doc: Doc) {
  const compile = schemaCompiler(doc.components);
  const seen = new Set<string>();
  return {
    /** The operations whose answers were checked. */
    seen,
    /**
     * What is wrong with an answer to `METHOD /path`: readable problems, empty when none. A vendor
     * user's answer is held to the operation's `x-outpost-vendor-response` where it declares one
     * for the status (decision 82: vendor users receive that shape, the rest the full one).
     */
    problems(key: string, res: Answer, caller: { vendor?: boolean } = {}): string[] {
      const [method, path] = key.split(' ') as [string, string];
      const op = doc.paths[path]?.[method.toLowerCase()] as
        | { responses?: Record<string, Response>; 'x-outpost-vendor-response'?: Record<string, unknown> }
        | undefined;
      if (!op) return [`${key}: not in the document`];
      seen.add(key);
      const status = String(res.status);
      const declared = op.responses?.[status] ?? op.responses?.[`${status[0]}XX`] ?? op.responses?.default;
      if (!declared) return [`${key}: answers ${status}, which it does not declare`];
      const type = String(res.headers['content-type'] ?? '')
        .split(';')[0]!
        .trim()
        .toLowerCase();
      const content = declared.content ?? {};
      if (!res.text && !type) {
        return Object.keys(content).length && status !== '204'
          ? [`${key}: ${status} answers nothing, but declares ${Object.keys(content).join(', ')}`]
          : [];
      }
      const media = mediaFor(content, type);
      if (!media)
        return [
          `${key}: ${status} answers ${type || 'no type'}, declared ${Object.keys(content).join(', ') || 'no content'}`,
        ];
      const vendorShape = caller.vendor ? op['x-outpost-vendor-response']?.[status] : undefined;
      const schema = vendorShape ?? content[media]?.schema;
      if (!isJson(type) || !schema) return [];
      const validate = compile(schema);
      if (validate(res.body)) return [];
      return (validate.errors ?? [])
        .slice(0, 5)
        .map((e) => `${key}: ${status} ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
    },
  };
}
