/**
 * The shape of Describe's JSON, as a zod schema (test/commands/describe.test.ts validates every command against it)
 * and as the JSON Schema that `Describe --schema` prints. Loaded only by Describe (zod is not needed at start-up).
 */
import { z } from 'zod';

const flagSchema = z.strictObject({
  long: z.string().min(1),
  short: z.string().min(1).optional(),
  key: z.string().min(1),
  type: z.enum(['string', 'bool', 'int', 'ushort', 'date', 'oid', 'enum', 'csv', 'presence']),
  required: z.boolean(),
  values: z.array(z.string()).optional(),
  default: z.union([z.string(), z.boolean(), z.number()]).optional(),
  valueName: z.string().optional(),
  repeatable: z.boolean(),
  secret: z.boolean(),
  description: z.string(),
});

/** A JSON object's top-level shape: its type's name, its fields (properties), those always present (required). */
const objectShapeSchema = z.strictObject({
  title: z.string().min(1),
  type: z.literal('object'),
  properties: z.record(z.string(), z.strictObject({})),
  required: z.array(z.string()),
  additionalProperties: z.literal(false),
});
const jsonShapeSchema = z.union([objectShapeSchema, z.strictObject({ type: z.literal('array'), items: objectShapeSchema })]);

export const commandDescriptionSchema = z.strictObject({
  name: z.string().regex(/^[A-Z][A-Za-z]+$/),
  group: z.enum(['General', 'Context Management', 'Identity Services']),
  description: z.string().min(1),
  ours: z.boolean(),
  usage: z.string(),
  flags: z.array(flagSchema),
  examples: z.array(z.strictObject({ command: z.string().includes('octo-cli '), description: z.string() })),
  notes: z.array(z.string()),
  effects: z.strictObject({
    /** The declared effect (src/cli/spec.ts CommandEffect): local, read, sign-in, write, delete or write+delete. */
    effect: z.enum(['local', 'read', 'sign-in', 'write', 'delete', 'write+delete']),
    /** Talks to the Identity Service (every effect but local). */
    network: z.boolean(),
    /** Changes the tenant's data on the Identity Service (write, delete, write+delete). */
    writes: z.boolean(),
    /** Removes tenant data (delete, write+delete). */
    deletes: z.boolean(),
    confirms: z.boolean(),
    confirmFlag: z.string().optional(),
    dryRun: z.boolean(),
  }),
  output: z.strictObject({
    /** What people get on stdout (without -o json), one sentence. */
    stdout: z.string(),
    /** A table's header line, exactly as printed (upper-case; tab-separated when stdout is not a terminal). */
    columns: z.array(z.string()).optional(),
    /** The labels of a key/value view, in order; optional ones are only sometimes printed. */
    rows: z.array(z.strictObject({ label: z.string().min(1), optional: z.boolean() })).optional(),
    /** What -o json prints, as a JSON Schema fragment (title = the DTO or result type; its top-level fields); null: not JSON. */
    json: z.union([jsonShapeSchema, z.null()]),
    /** What --dry-run -o json prints instead (Update* and Delete*). */
    dryRunJson: jsonShapeSchema.optional(),
    errors: z.string(),
  }),
  exitCodes: z.array(z.strictObject({ code: z.number().int(), name: z.string(), meaning: z.string() })).min(1),
});

export const describeOutputSchema = z.strictObject({
  version: z.string(),
  globalFlags: z.array(flagSchema),
  commands: z.array(commandDescriptionSchema),
});

export type CommandDescription = z.infer<typeof commandDescriptionSchema>;

export function describeJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(z.union([describeOutputSchema, commandDescriptionSchema]), { target: 'draft-2020-12' }) as Record<string, unknown>;
}
