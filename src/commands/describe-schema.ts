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
    network: z.boolean(),
    writes: z.boolean(),
    deletes: z.boolean(),
    confirms: z.boolean(),
    confirmFlag: z.string().optional(),
    dryRun: z.boolean(),
  }),
  output: z.strictObject({
    stdout: z.string(),
    json: z.string(),
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
