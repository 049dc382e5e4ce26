/**
 * Reading provisioning files: YAML or JSON (JSON is YAML), `${env:NAME}` and `${file:PATH}` substituted in any string
 * value, validated with the file schema, merged across files. Every problem of every file is collected and reported
 * at once as `file:line:col: path: message`, before any request is sent.
 */
import { isAbsolute, resolve } from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node, type Pair } from 'yaml';
import type { z } from 'zod';
import { UsageError } from '../errors.js';
import { didYouMean } from '../shared/suggest.js';
import { fileSchema, KIND_KEYS, KINDS, KNOWN_KEYS, NAME_FIELD, nameKey, type Kind, type SpecOf, type TenantFile } from './schema.js';

export type PathPart = string | number;

/** One file's text and where `${file:…}` paths start (its folder; the working folder for stdin). */
export interface Source {
  /** As the user named it (`tenant.yaml`, `<stdin>`). */
  name: string;
  text: string;
  dir: string;
}

export interface LoadDeps {
  env: NodeJS.ProcessEnv;
  /** Reads a `${file:…}` file (absolute path). */
  readFile(path: string): Promise<string>;
}

/** Where an object of the file is: for messages that name its file, line, column and path. */
export interface Where {
  file: string;
  /** `file:line:col: path` of the object or of a path below it. */
  at(sub?: readonly PathPart[]): string;
}

export interface Entry<K extends Kind = Kind> {
  kind: K;
  name: string;
  spec: SpecOf[K];
  where: Where;
}

export interface Desired {
  /** The tenant the files name, if any. */
  tenant?: string;
  /** Kinds whose key is present in a file (only they are pruned). */
  listed: Set<Kind>;
  objects: { [K in Kind]: Entry<K>[] };
  /** Substituted client secrets, for the redactor. */
  secrets: string[];
}

/** Problems of the files, all at once; the command prints `problems` one a line (or puts them in the JSON error). */
export class FileProblems extends UsageError {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    const n = problems.length;
    super(`${n === 1 ? problems[0] : `the provisioning files have ${n} problems`}; nothing was sent`, { details: { problems } });
    this.problems = problems;
  }
}

/** `clients[1].redirectUris[0]`. */
export function pathText(path: readonly PathPart[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** Line and column (1-based) of a path in the document: the deepest node that exists; for `key`, the key itself. */
function locate(doc: Document, counter: LineCounter, path: readonly PathPart[], key?: string): string {
  let node: unknown = doc.contents;
  let offset = (doc.contents as Node | null)?.range?.[0] ?? 0;
  for (const part of path) {
    const child = (node as { get?: (k: unknown, keep: boolean) => unknown } | null)?.get?.(part, true);
    if (child === undefined || child === null) break;
    node = child;
    offset = (child as Node).range?.[0] ?? offset;
  }
  if (key !== undefined && isMap(node)) {
    const pair = node.items.find((p: Pair) => isScalar(p.key) && p.key.value === key);
    offset = (pair?.key as Node | undefined)?.range?.[0] ?? offset;
  }
  const { line, col } = counter.linePos(offset);
  return `${line}:${col}`;
}

const SUBSTITUTION = /\$\$\{|\$\{([^}]*)\}/g;

/** Replaces `${env:NAME}` and `${file:PATH}` in every string; `$${` stays a literal `${`. Problems go to `report`. */
async function substitute(value: unknown, path: PathPart[], source: Source, deps: LoadDeps, report: (path: PathPart[], message: string) => void): Promise<unknown> {
  if (typeof value === 'string') {
    if (!value.includes('${')) return value;
    const parts: Array<string | Promise<string>> = [];
    let last = 0;
    for (const m of value.matchAll(SUBSTITUTION)) {
      parts.push(value.slice(last, m.index));
      last = m.index + m[0].length;
      if (m[0] === '$${') {
        parts.push('${');
        continue;
      }
      const ref = m[1]!;
      const colon = ref.indexOf(':');
      const [what, arg] = colon < 0 ? [ref, ''] : [ref.slice(0, colon).trim(), ref.slice(colon + 1).trim()];
      if (what === 'env' && arg) {
        const v = deps.env[arg];
        if (v === undefined) report(path, `environment variable ${arg} is not set (\${env:${arg}})`);
        parts.push(v ?? '');
      } else if (what === 'file' && arg) {
        const file = isAbsolute(arg) ? arg : resolve(source.dir, arg);
        parts.push(
          deps.readFile(file).then(
            (text) => text.replace(/[\r\n]+$/, ''),
            (err: NodeJS.ErrnoException) => {
              report(path, `cannot read ${arg} (\${file:${arg}}): ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
              return '';
            },
          ),
        );
      } else {
        report(path, `unknown substitution \${${ref}}: use \${env:NAME} or \${file:PATH} (write $\${ for a literal \${)`);
      }
    }
    parts.push(value.slice(last));
    return (await Promise.all(parts)).join('');
  }
  if (Array.isArray(value)) return Promise.all(value.map((v, i) => substitute(v, [...path, i], source, deps, report)));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = await substitute(v, [...path, k], source, deps, report);
    return out;
  }
  return value;
}

/** The kind whose objects sit under `path[0]`, when the path is inside one of them. */
function kindAt(path: readonly PathPart[]): Kind | 'file' {
  if (path.length < 2 || typeof path[1] !== 'number') return 'file';
  return KINDS.find((k) => KIND_KEYS[k] === path[0]) ?? 'file';
}

function valueAt(root: unknown, path: readonly PathPart[]): unknown {
  let v = root;
  for (const p of path) v = v && typeof v === 'object' ? (v as Record<PathPart, unknown>)[p] : undefined;
  return v;
}

/** One zod issue as our messages (unknown keys with a did-you-mean, a missing field as "required"). */
function issueMessages(issue: z.core.$ZodIssue, data: unknown): Array<{ path: PathPart[]; key?: string; message: string }> {
  const path = issue.path.filter((p): p is PathPart => typeof p !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    const known = KNOWN_KEYS[path.length === 0 ? 'file' : kindAt([...path, ''].slice(0, 2))];
    return issue.keys.map((key) => {
      const guess = didYouMean(key, known);
      return { path: [...path, key], key, message: `unknown key '${key}'${guess ? ` (did you mean ${guess}?)` : ''}` };
    });
  }
  if (issue.code === 'invalid_type' && valueAt(data, path) === undefined) {
    return [{ path, message: `required (${issue.expected})` }];
  }
  if (issue.code === 'invalid_type') {
    const v = valueAt(data, path);
    const got = v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v;
    return [{ path, message: `expected ${issue.expected === 'array' ? 'a list' : issue.expected}, got ${got}` }];
  }
  return [{ path, message: issue.message }];
}

interface Parsed {
  source: Source;
  file: TenantFile;
  where(path: readonly PathPart[]): Where;
}

/** Parses, substitutes and validates one source; its problems are added to `problems`. */
async function parseSource(source: Source, deps: LoadDeps, problems: string[]): Promise<Parsed | undefined> {
  const counter = new LineCounter();
  const doc = parseDocument(source.text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const at = (path: readonly PathPart[], key?: string) => `${source.name}:${locate(doc, counter, path, key)}`;
  const found: Array<{ line: number; col: number; text: string }> = [];
  const report = (path: readonly PathPart[], message: string, key?: string) => {
    const pos = locate(doc, counter, key !== undefined ? path.slice(0, -1) : path, key);
    const [line, col] = pos.split(':').map(Number) as [number, number];
    found.push({ line, col, text: `${source.name}:${pos}: ${path.length ? `${pathText(path)}: ` : ''}${message}` });
  };
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const pos = e.linePos?.[0];
      problems.push(`${source.name}:${pos ? `${pos.line}:${pos.col}` : '1:1'}: ${e.message.split('\n')[0]}`);
    }
    return undefined;
  }
  const raw = doc.toJS({ maxAliasCount: 100 }) as unknown;
  if (raw === null || raw === undefined) {
    problems.push(`${source.name}:1:1: the file is empty (expected keys such as clients, apiScopes, roles)`);
    return undefined;
  }
  // A value whose substitution failed is not validated as well (it would only repeat the problem).
  const unresolved = new Set<string>();
  const data = await substitute(raw, [], source, deps, (path, message) => {
    unresolved.add(pathText(path));
    report(path, message);
  });
  const result = fileSchema.safeParse(data);
  if (!result.success) {
    for (const issue of result.error.issues) {
      for (const m of issueMessages(issue, data)) if (!unresolved.has(pathText(m.path))) report(m.path, m.message, m.key);
    }
  }
  // In the order of the file.
  found.sort((a, b) => a.line - b.line || a.col - b.col);
  problems.push(...found.map((f) => f.text));
  if (!result.success || found.length > 0) return undefined;
  const where = (base: readonly PathPart[]): Where => ({
    file: source.name,
    at: (sub = []) => {
      const path = [...base, ...sub];
      return `${at(path)}: ${pathText(path)}`;
    },
  });
  return { source, file: result.data, where };
}

/**
 * Loads the files (in order) into one desired state. Throws FileProblems listing every problem: syntax, schema,
 * unknown keys, missing variables or files, the same object twice (in one file or across files), tenants that differ.
 */
export async function loadSources(sources: readonly Source[], deps: LoadDeps): Promise<Desired> {
  const problems: string[] = [];
  const ordered: Array<Parsed | undefined> = [];
  for (const source of sources) ordered.push(await parseSource(source, deps, problems));
  const desired: Desired = { listed: new Set(), objects: { apiScope: [], apiResource: [], role: [], client: [], group: [] }, secrets: [] };
  let tenantFrom: string | undefined;
  const seen = new Map<string, Where>();
  for (const p of ordered) {
    if (!p) continue;
    if (p.file.tenant !== undefined) {
      if (desired.tenant !== undefined && desired.tenant.toLowerCase() !== p.file.tenant.toLowerCase()) {
        problems.push(`${p.where(['tenant']).at()}: '${p.file.tenant}' differs from '${desired.tenant}' in ${tenantFrom}`);
      }
      desired.tenant ??= p.file.tenant;
      tenantFrom ??= p.source.name;
    }
    for (const kind of KINDS) {
      const list = p.file[KIND_KEYS[kind]] as Array<SpecOf[typeof kind]> | undefined;
      if (list === undefined) continue;
      desired.listed.add(kind);
      list.forEach((spec, index) => {
        const name = (spec as Record<string, string>)[NAME_FIELD[kind]]!;
        const where = p.where([KIND_KEYS[kind], index]);
        const key = `${kind}:${nameKey(kind, name)}`;
        const first = seen.get(key);
        if (first) {
          problems.push(`${where.at([NAME_FIELD[kind]])}: ${kind} '${name}' is already described at ${first.at().replace(/: [^:]*$/, '')}`);
          return;
        }
        seen.set(key, where);
        (desired.objects[kind] as Entry[]).push({ kind, name, spec, where } as Entry);
        if (kind === 'client' && (spec as SpecOf['client']).clientSecret) desired.secrets.push((spec as SpecOf['client']).clientSecret!);
      });
    }
  }
  if (problems.length > 0) throw new FileProblems(problems);
  return desired;
}
