/**
 * Named contexts in `<home>/contexts.json`, compatible with the .NET octo-cli's file: PascalCase keys
 * (`ActiveContext`, `Contexts`, `OctoToolOptions`, `Authentication`), case-insensitive context names, legacy
 * `settings.json` migration. Unknown fields are preserved. Writes are atomic (temp file + fsync + rename, mode
 * 0600, folder 0700) under a cross-process lock, so concurrent commands never lose an update and a killed
 * process never leaves a torn file.
 */
import { mkdir, readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, ToolError } from '../errors.js';
import { atomicWriteFile, withFileLock } from '../shared/fs.js';
import { parseHttpUrl, withoutUserinfo } from '../shared/urls.js';

export interface OctoToolOptions {
  IdentityServiceUrl?: string | null;
  AssetServiceUrl?: string | null;
  BotServiceUrl?: string | null;
  CommunicationServiceUrl?: string | null;
  ReportingServiceUrl?: string | null;
  AiServiceUrl?: string | null;
  TenantId?: string | null;
  [other: string]: unknown;
}

/** Tokens as the .NET tool stores them (we read them; we keep ours in the token store). */
export interface LegacyAuthentication {
  AccessToken?: string | null;
  AccessTokenExpiresAt?: string | null;
  RefreshToken?: string | null;
  [other: string]: unknown;
}

export interface ContextEntry {
  OctoToolOptions?: OctoToolOptions;
  Authentication?: LegacyAuthentication | null;
  [other: string]: unknown;
}

export interface ContextsFile {
  ActiveContext?: string | null;
  Contexts: Record<string, ContextEntry>;
  [other: string]: unknown;
}

/**
 * The map of contexts, without a prototype: a context may be named `__proto__`, `constructor` or `toString`,
 * which on a plain object would hit Object.prototype instead of an own entry (issue 10, item 14).
 */
export function contextMap(entries: Record<string, ContextEntry> = {}): Record<string, ContextEntry> {
  const map = Object.create(null) as Record<string, ContextEntry>;
  for (const key of Object.keys(entries)) map[key] = entries[key]!;
  return map;
}

export function resolveHome(env: NodeJS.ProcessEnv): string {
  const override = env.OCTO_CLI_HOME?.trim();
  return override ? override : join(homedir(), '.octo-cli');
}

/** The stored key for a name, case-insensitively; when two keys differ only in case the last one wins (as the original). */
export function findContextKey(file: ContextsFile, name: string | null | undefined): string | undefined {
  if (!name) return undefined;
  const lower = name.toLowerCase();
  let found: string | undefined;
  for (const key of Object.keys(file.Contexts)) if (key.toLowerCase() === lower) found = key;
  return found;
}

export interface ResolvedContext {
  name: string;
  entry: ContextEntry;
  active: boolean;
}

export class ContextRepository {
  readonly home: string;
  readonly path: string;
  private readonly legacyPath: string;
  private readonly onInfo: (message: string) => void;
  /** Set once checkHome has passed: the folder is checked once per repository (one per process), not per step. */
  private homeChecked = false;

  constructor(home: string, onInfo: (message: string) => void = () => {}) {
    this.home = home;
    this.path = join(home, 'contexts.json');
    this.legacyPath = join(home, 'settings.json');
    this.onInfo = onInfo;
  }

  /** Reads contexts.json (migrating settings.json when only that exists). A missing file is an empty one. */
  async load(): Promise<ContextsFile> {
    await this.checkHome();
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new ConfigError(`cannot read ${this.path}: ${(err as Error).message}`);
      const migrated = await this.migrateLegacy();
      return migrated ?? { ActiveContext: null, Contexts: contextMap() };
    }
    return parseContextsFile(text, this.path);
  }

  /** Read-modify-write under the lock; the mutator changes the object in place. */
  async update<T>(mutate: (file: ContextsFile) => T | Promise<T>): Promise<T> {
    await this.ensureHome();
    return withFileLock(this.path, async () => {
      const file = await this.load();
      const result = await mutate(file);
      await this.write(file);
      return result;
    });
  }

  async write(file: ContextsFile): Promise<void> {
    await this.ensureHome();
    const out: Record<string, unknown> = { ...file };
    if (out.ActiveContext === null || out.ActiveContext === undefined) delete out.ActiveContext;
    await atomicWriteFile(this.path, JSON.stringify(omitNulls(out), null, 2) + '\n', { sweep: true });
  }

  /**
   * Creates the folder (0700) when it is missing. An existing folder keeps its mode (issue 10, item 15: a shared
   * 1777 folder lost its sticky bit), but is refused when others can write to it (checkHome).
   */
  async ensureHome(): Promise<void> {
    if (await this.checkHome()) return;
    await mkdir(this.home, { recursive: true, mode: 0o700 });
  }

  /**
   * Whether the folder exists; refuses one that other users can write to or that belongs to another user: they
   * could plant a contexts.json that sends our tokens to their server, or pre-create the lock and temp files. The
   * sticky bit does not help (it only stops them deleting our files). A folder that passed is not checked again by
   * this repository (a command's load, update and write each ask); a missing one is, until it exists.
   */
  async checkHome(): Promise<boolean> {
    if (this.homeChecked) return true;
    let st;
    try {
      st = await stat(this.home);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw new ConfigError(`cannot use the octo-cli folder ${this.home}: ${(err as Error).message}`);
    }
    if (!st.isDirectory()) throw new ConfigError(`the octo-cli folder ${this.home} is not a folder`, { hint: 'set OCTO_CLI_HOME to a folder' });
    if (process.platform === 'win32') return (this.homeChecked = true);
    const hint = `use a folder only you can write to: \`chmod go-w ${this.home}\`, or set OCTO_CLI_HOME to another folder`;
    if ((st.mode & 0o022) !== 0) {
      throw new ConfigError(`refusing to use the octo-cli folder ${this.home}: other users can write to it (mode ${(st.mode & 0o7777).toString(8).padStart(4, '0')})`, { hint });
    }
    const uid = process.getuid?.();
    if (uid !== undefined && uid !== 0 && st.uid !== uid) {
      throw new ConfigError(`refusing to use the octo-cli folder ${this.home}: it belongs to another user (uid ${st.uid})`, { hint });
    }
    this.homeChecked = true;
    return true;
  }

  /**
   * The context a command works on: `--context <name>` when given (it must exist), otherwise the active one.
   * Undefined when there is no active context.
   */
  resolve(file: ContextsFile, override?: string): ResolvedContext | undefined {
    const activeKey = findContextKey(file, file.ActiveContext);
    if (override) {
      const key = findContextKey(file, override);
      if (!key) throw new ToolError(`Context '${override}' does not exist.`, { hint: 'run `octo-cli -c ListContexts` to see the contexts' });
      return { name: key, entry: file.Contexts[key]!, active: key === activeKey };
    }
    if (!activeKey) return undefined;
    return { name: activeKey, entry: file.Contexts[activeKey]!, active: true };
  }

  private async migrateLegacy(): Promise<ContextsFile | undefined> {
    let text: string;
    try {
      text = await readFile(this.legacyPath, 'utf8');
    } catch {
      return undefined;
    }
    this.onInfo('Migrating settings.json to contexts.json');
    try {
      const legacy = JSON.parse(text) as { OctoToolOptions?: OctoToolOptions; Authentication?: LegacyAuthentication };
      const file: ContextsFile = {
        ActiveContext: 'default',
        Contexts: contextMap({ default: { OctoToolOptions: legacy.OctoToolOptions ?? {}, Authentication: legacy.Authentication ?? null } }),
      };
      await withFileLock(this.path, () => this.write(file));
      this.onInfo("Migration complete. Settings imported as 'default' context.");
      return file;
    } catch (err) {
      this.onInfo(`warning: could not migrate ${this.legacyPath} (${(err as Error).message}); starting with no contexts`);
      return undefined;
    }
  }
}

export function parseContextsFile(text: string, path: string): ContextsFile {
  let data: unknown;
  try {
    data = text.trim() === '' ? {} : JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    // Only the position: the parser's message quotes the text around the error, which may be a legacy token.
    const at = /position \d+(?: \(line \d+ column \d+\))?/.exec((err as Error).message)?.[0];
    throw new ConfigError(`${path} is not valid JSON${at ? ` (at ${at})` : ''}`, {
      hint: 'fix the file, or move it away and run `octo-cli -c AddContext` again',
    });
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw new ConfigError(`${path} does not hold a JSON object`, { hint: 'fix the file, or move it away and run `octo-cli -c AddContext` again' });
  }
  const file = data as ContextsFile;
  if (file.Contexts === undefined || file.Contexts === null) file.Contexts = {};
  if (typeof file.Contexts !== 'object' || Array.isArray(file.Contexts)) {
    throw new ConfigError(`${path}: "Contexts" must be an object of named contexts`);
  }
  for (const [name, entry] of Object.entries(file.Contexts)) {
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) throw new ConfigError(`${path}: context '${name}' must be an object`);
  }
  file.Contexts = contextMap(file.Contexts);
  return file;
}

/** The .NET tool writes with "null properties omitted"; we do the same for the properties we own. */
function omitNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(omitNulls);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = Object.create(null); // a key named __proto__ stays an own key
    for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = omitNulls(v);
    return out;
  }
  return value;
}

/** Checks the identity URL of a context when a command needs it (not at start-up: a broken URL must not break Config). */
export function requireTarget(ctxName: string | undefined, entry: ContextEntry | undefined): { identityUrl: string; tenant: string } {
  const options = entry?.OctoToolOptions ?? {};
  const where = ctxName ? ` in context '${ctxName}'` : '';
  const rawUrl = typeof options.IdentityServiceUrl === 'string' ? options.IdentityServiceUrl.trim() : '';
  const shownUrl = withoutUserinfo(rawUrl); // never print a password
  if (!entry) {
    throw new ConfigError('no active context: Identity services URI is missing.', {
      hint: "run `octo-cli -c AddContext -n <name> -isu <url> -tid <tenant>` or `octo-cli -c Config -isu <url> -tid <tenant>`",
    });
  }
  if (!rawUrl) throw new ConfigError(`Identity services URI is missing${where}.`, { hint: "set it with `octo-cli -c Config -isu <url>`" });
  const { url, problem } = parseHttpUrl(rawUrl);
  if (problem === 'not-a-url') {
    throw new ConfigError(`the identity services URI '${shownUrl}'${where} is not a valid URL`, { hint: 'fix it with `octo-cli -c Config -isu https://host:port/`' });
  }
  if (problem === 'not-http') {
    throw new ConfigError(`the identity services URI '${shownUrl}'${where} must be http:// or https://`);
  }
  if (problem === 'userinfo') {
    throw new ConfigError(`the identity services URI${where} contains a user name or password ('${shownUrl}')`, {
      hint: 'set it without them with `octo-cli -c Config -isu https://host:port/`; sign in with LogIn or LogInClientCredentials',
    });
  }
  const tenant = typeof options.TenantId === 'string' ? options.TenantId.trim() : '';
  if (!tenant) throw new ConfigError(`Identity services tenant ID is missing${where}.`, { hint: "set it with `octo-cli -c Config -isu <url> -tid <tenant>`" });
  // The tenant is a URL path segment ({url}/{tenant}/v1): a dot segment would address another route.
  if (tenant === '.' || tenant === '..') {
    throw new ConfigError(`the tenant ID '${tenant}'${where} cannot be used: it is a segment of every request URL`, { hint: "set it with `octo-cli -c Config -isu <url> -tid <tenant>`" });
  }
  return { identityUrl: url.toString().replace(/\/+$/, ''), tenant };
}
