/** Walking the OpenAPI document in tests: its operations, and plausible values sampled from its schemas. */
export type Schema = Record<string, any>;
export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}
export interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  parameters: Parameter[];
  /** The JSON body schema, or the content type of another kind of body. */
  body: Schema | string | null;
}
export interface Doc {
  paths: Record<
    string,
    Record<
      string,
      { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> } }
    >
  >;
  components: { schemas: Record<string, Schema> };
}

/** A plausible value of a schema: its example, default, first choice or a minimal instance. */
export function plausible(doc: Doc, schema: Schema | undefined, depth = 0): unknown {
  if (!schema || depth > 8) return undefined;
  if (schema.$ref) return plausible(doc, doc.components.schemas[schema.$ref.split('/').pop()!], depth + 1);
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices) return plausible(doc, choices.find((c: Schema) => c.type !== 'null') ?? choices[0], depth + 1);
  if (schema.allOf)
    return Object.assign({}, ...schema.allOf.map((s: Schema) => plausible(doc, s, depth + 1) ?? {}));
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
  switch (type) {
    case 'string': {
      const byFormat: Record<string, string> = {
        date: '2027-01-01',
        'date-time': '2027-01-01T00:00:00.000Z',
        email: 'fuzz@example.com',
        uri: 'http://127.0.0.1/fuzz',
        time: '09:00',
      };
      return byFormat[schema.format] ?? 'Fuzz'.padEnd(schema.minLength ?? 4, 'z');
    }
    case 'integer':
    case 'number':
      return Math.min(Math.max(schema.minimum ?? 1, 1), schema.maximum ?? 1);
    case 'boolean':
      return false;
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => plausible(doc, schema.items, depth + 1));
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? []) out[key] = plausible(doc, schema.properties?.[key], depth + 1);
      return out;
    }
    default:
      return undefined;
  }
}

export function operations(doc: Doc): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([m]) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
      .map(([m, op]) => {
        const content = op.requestBody?.content ?? {};
        const json = content['application/json']?.schema;
        const other = Object.keys(content).find((c) => c !== 'application/json');
        return {
          method: m.toUpperCase() as Operation['method'],
          path,
          parameters: op.parameters ?? [],
          body: json ?? other ?? null,
        };
      }),
  );
}
