/**
 * Apply: carries out a plan through the resource layer. Creates and updates run in dependency order (scopes →
 * resources → roles → clients → groups → group members), deletes after them in reverse; within a level at most
 * `parallel` requests run at once, each through AdminApi's shared 429/503 handling. A failed change is recorded with
 * the server's message, the changes that depend on it are skipped, the others continue.
 */
import type { AdminApi } from '../api/client.js';
import { apiResources, apiScopes, clients, groups, roles } from '../api/resources/index.js';
import { apiResourceDto, type ApiResourceDto } from '../api/resources/apiResources.js';
import { apiScopeDto, type ApiScopeDto } from '../api/resources/apiScopes.js';
import { clientDto, updateBody, type ClientDto } from '../api/resources/clients.js';
import type { GroupDto, MemberKind } from '../api/resources/groups.js';
import { pool } from '../shared/pool.js';
import { TenantNames } from './names.js';
import type { Actual } from './read.js';
import type { Change, FieldChange, Plan } from './plan.js';
import { nameKey, type ClientSpec, type GroupSpec, type Kind, type SpecOf } from './schema.js';

export type Status = 'applied' | 'failed' | 'skipped';

export interface Outcome {
  status: Status;
  /** The server's message (failed), or which change it waited for (skipped). */
  message?: string;
}

export interface Progress {
  done: number;
  total: number;
  failed: number;
  /** What is being sent right now (`client 'billing-worker'`). */
  inFlight: string[];
}

export interface ApplyOptions {
  parallel: number;
  onProgress?(progress: Progress): void;
  signal?: AbortSignal;
}

const CREATE_ORDER: Kind[] = ['apiScope', 'apiResource', 'role', 'client', 'group'];
const changeKey = (c: Pick<Change, 'kind' | 'name'>) => `${c.kind}:${nameKey(c.kind, c.name)}`;
export const describe = (c: Pick<Change, 'kind' | 'name'>) => `${c.kind} '${c.name}'`;

/** Fields given in a spec (absent ones are not managed). */
function given<T extends object>(spec: T, omit: readonly string[] = []): Partial<T> {
  return Object.fromEntries(Object.entries(spec).filter(([k, v]) => v !== undefined && !omit.includes(k))) as Partial<T>;
}

interface Step {
  change: Change;
  run(): Promise<void>;
}

/** Applies the plan; returns each change's outcome. Never throws for a failed change (see Outcome). */
export async function applyPlan(api: AdminApi, plan: Plan, actual: Actual, opts: ApplyOptions): Promise<Map<Change, Outcome>> {
  const outcomes = new Map<Change, Outcome>();
  const byKey = new Map(plan.changes.filter((c) => c.action !== 'delete').map((c) => [changeKey(c), c]));
  /** Ids looked up by name, added to when a level created objects that later levels refer to. */
  const ids = new TenantNames(actual);
  const progress: Progress = { done: 0, total: plan.changes.length, failed: 0, inFlight: [] };
  const report = () => opts.onProgress?.({ ...progress, inFlight: [...progress.inFlight] });

  /**
   * Runs one level's steps, at most `parallel` at once; a step whose change or dependency failed is skipped. A failed
   * step is recorded and the others go on; only an interruption ends the level.
   */
  const level = async (steps: Step[], final: (c: Change) => boolean) => {
    const runStep = async ({ change, run }: Step) => {
      const blocker = blockedBy(change);
      if (blocker) {
        if (!outcomes.has(change)) {
          outcomes.set(change, { status: 'skipped', message: blocker });
          progress.done++;
          report();
        }
        return;
      }
      const label = describe(change);
      progress.inFlight.push(label);
      report();
      try {
        await run();
        if (final(change)) outcomes.set(change, { status: 'applied' });
      } catch (err) {
        if (opts.signal?.aborted) throw err;
        outcomes.set(change, { status: 'failed', message: (err as Error).message });
        progress.failed++;
      } finally {
        progress.inFlight.splice(progress.inFlight.indexOf(label), 1);
      }
      if (outcomes.has(change)) progress.done++;
      report();
    };
    await pool(opts.parallel, steps.map((step) => () => runStep(step)), opts.signal);
  };

  const blockedBy = (change: Change): string | undefined => {
    const own = outcomes.get(change);
    if (own && own.status !== 'applied') return own.message;
    for (const dep of change.dependsOn) {
      const d = byKey.get(dep);
      const o = d && outcomes.get(d);
      if (d && o && o.status !== 'applied') return `${describe(d)} was not applied`;
    }
    return undefined;
  };

  const upserts = (kind: Kind) => plan.changes.filter((c) => c.kind === kind && c.action !== 'delete');
  const spec = <K extends Kind>(c: Change) => c.entry!.spec as SpecOf[K];
  const changed = (c: Change, path: string): FieldChange | undefined => c.fields.find((f) => f.path === path);

  // Scopes and resources: the service copies every field, so an update sends the stored object with the file's fields.
  await level(
    upserts('apiScope').map((c) => ({
      change: c,
      run: async () => {
        const s = spec<'apiScope'>(c);
        if (c.action === 'create') await apiScopes.create(api, apiScopeDto({ isEnabled: true, showInDiscoveryDocument: true, ...given(s) }));
        else await apiScopes.update(api, c.name, apiScopeDto({ ...(c.current as ApiScopeDto), ...given(s) }));
      },
    })),
    () => true,
  );
  await level(
    upserts('apiResource').map((c) => ({
      change: c,
      run: async () => {
        const s = spec<'apiResource'>(c);
        if (c.action === 'create') await apiResources.create(api, apiResourceDto({ isEnabled: true, showInDiscoveryDocument: true, ...given(s) }));
        else await apiResources.update(api, c.name, apiResourceDto({ ...(c.current as ApiResourceDto), ...given(s) }));
      },
    })),
    () => true,
  );
  const newRoles = upserts('role');
  await level(newRoles.map((c) => ({ change: c, run: () => roles.create(api, c.name) })), () => true);
  // Roles have ids only on the server: read them again when some were created.
  if (newRoles.some((c) => outcomes.get(c)?.status === 'applied')) ids.addRoles(await roles.list(api));

  await level(
    upserts('client').map((c) => ({
      change: c,
      run: async () => {
        const s = spec<'client'>(c);
        const fields = given<ClientSpec>(s, ['roles']);
        if (c.action === 'create') {
          await clients.create(api, clientDto({ isEnabled: true, ...(s.clientSecret ? { requireClientSecret: true } : {}), ...(fields as Partial<ClientDto>) }));
          if (s.roles?.length) await clients.setRoles(api, c.name, s.roles.map((r) => ids.roleId(r)));
          return;
        }
        const body = updateBody(c.current as ClientDto);
        let put = false;
        for (const f of c.fields) {
          if (f.path === 'roles') continue;
          (body as unknown as Record<string, unknown>)[f.path] = (fields as Record<string, unknown>)[f.path];
          put = true;
        }
        if (put) await clients.update(api, c.name, body);
        if (changed(c, 'roles')) await clients.setRoles(api, c.name, s.roles!.map((r) => ids.roleId(r)));
      },
    })),
    () => true,
  );

  // Groups: the group itself and its roles, then (once every group exists) its members.
  const groupChanges = upserts('group');
  const hasMembers = (c: Change) => {
    const s = spec<'group'>(c);
    return c.action === 'create' ? Boolean(s.memberClients?.length || s.memberUsers?.length || s.memberGroups?.length) : c.fields.some((f) => f.path.startsWith('member'));
  };
  await level(
    groupChanges.map((c) => ({
      change: c,
      run: async () => {
        const s = spec<'group'>(c);
        if (c.action === 'create') {
          const id = await groups.create(api, { groupName: s.groupName, groupDescription: s.groupDescription ?? null, roleIds: (s.roles ?? []).map((r) => ids.roleId(r)) });
          ids.groups.set(id ?? (await groups.rtId(api, s.groupName)), s.groupName);
          return;
        }
        const current = c.current as GroupDto;
        if (changed(c, 'groupDescription')) await groups.update(api, current.id, { groupName: current.groupName, groupDescription: s.groupDescription ?? null });
        if (changed(c, 'roles')) await groups.setRoles(api, current.id, s.roles!.map((r) => ids.roleId(r)));
      },
    })),
    (c) => !hasMembers(c),
  );
  const memberSteps = groupChanges.filter(hasMembers);
  // Clients created above have RtIds only on the server.
  const wantedClients = new Set(memberSteps.flatMap((c) => spec<'group'>(c).memberClients ?? []).filter((id) => !ids.clients.hasName(id)));
  await pool(opts.parallel, [...wantedClients].map((id) => async () => {
        const rtId = await clients.rtId(api, id).catch(() => undefined);
        if (rtId) ids.clients.set(rtId, id);
      }), opts.signal);
  await level(
    memberSteps.map((c) => ({ change: c, run: () => syncMembers(api, c, spec<'group'>(c), ids) })),
    () => true,
  );

  // Deletes, dependents first.
  for (const kind of [...CREATE_ORDER].reverse()) {
    const deletes = plan.changes.filter((c) => c.kind === kind && c.action === 'delete');
    await level(
      deletes.map((c) => ({
        change: c,
        run: async () => {
          if (kind === 'apiScope') await apiScopes.remove(api, c.name);
          else if (kind === 'apiResource') await apiResources.remove(api, c.name);
          else if (kind === 'role') await roles.remove(api, c.name);
          else if (kind === 'client') await clients.remove(api, c.name);
          else await groups.remove(api, (c.current as GroupDto).id);
        },
      })),
      () => true,
    );
  }
  return outcomes;
}

/** Adds and removes a group's members (by RtId) so that they are the file's. */
async function syncMembers(api: AdminApi, c: Change, s: GroupSpec, ids: TenantNames): Promise<void> {
  const groupId = ids.groups.idOf(s.groupName);
  if (!groupId) throw new Error(`group '${s.groupName}' has no id`);
  const current = c.current as GroupDto | undefined;
  const lists: Array<[MemberKind, string[] | undefined, string[], (n: string) => string | undefined]> = [
    ['clients', s.memberClients, current?.memberClientIds ?? [], (n) => ids.clients.idOf(n)],
    ['users', s.memberUsers, current?.memberUserIds ?? [], (n) => ids.users.idOf(n)],
    ['groups', s.memberGroups, current?.memberGroupIds ?? [], (n) => ids.groups.idOf(n)],
  ];
  for (const [kind, wanted, have, idOf] of lists) {
    if (wanted === undefined) continue;
    const want = new Set<string>();
    for (const n of wanted) {
      const id = idOf(n);
      if (!id) throw new Error(`${kind.slice(0, -1)} '${n}' has no id on the server`);
      want.add(id);
    }
    const haveSet = new Set(have.map((h) => h.toLowerCase()));
    for (const id of want) if (!haveSet.has(id)) await groups.addMember(api, groupId, kind, id);
    for (const id of haveSet) if (!want.has(id)) await groups.removeMember(api, groupId, kind, id);
  }
}
