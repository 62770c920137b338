import { z } from 'zod';
import { BulwarkError, type Principal } from '../../core/index.js';
import type { AlertRecord, AlertStore, ApiKeyRecord, ApiKeyStore } from '../../storage/index.js';
import { isAdmin, parseInput, recordAction } from './admin-helpers.js';
import type { AdminDeps, AdminRoute } from './admin-routes.js';

const keyBody = z.strictObject({ keyId: z.string().min(1).max(128) });

/** The keys an alert names: its subject when that is a key, else the live keys of its principal. */
async function keysNamed(alert: AlertRecord, keys: ApiKeyStore, p: Principal): Promise<ApiKeyRecord[]> {
  let named: ApiKeyRecord[];
  if (alert.subjectKind === 'key') {
    const key = await keys.get(alert.subjectId);
    named = key ? [key] : [];
  } else if (alert.subjectKind === 'principal')
    named = (await keys.list()).filter((k) => k.principal === alert.subjectId && k.revokedAt === undefined);
  else named = [];
  // Alerts span tenants; the keys behind them do not.
  return named.filter((k) => isAdmin(p) || k.tenant === p.tenant);
}

const shown = (k: ApiKeyRecord) => ({
  id: k.id,
  name: k.name,
  tenant: k.tenant,
  principal: k.principal,
  role: k.role,
  ...(k.suspendedAt ? { suspendedAt: k.suspendedAt } : {}),
  ...(k.revokedAt ? { revokedAt: k.revokedAt } : {}),
});

async function alertKey(alerts: AlertStore, keys: ApiKeyStore, p: Principal, id: string, keyId: string) {
  const alert = await alerts.get(id);
  if (!alert) throw new BulwarkError('NOT_FOUND');
  const key = (await keysNamed(alert, keys, p)).find((k) => k.id === keyId);
  if (!key) throw new BulwarkError('NOT_FOUND');
  return key;
}

/**
 * Incident response from an alert: the keys it names, and suspending or reinstating one of them.
 * Holders of `alerts:manage` may act on those keys only (not any key), and every action is audited.
 */
export function alertKeyRoutes(alerts: AlertStore, keys: ApiKeyStore): AdminRoute[] {
  const act = (kind: 'suspend' | 'reinstate'): AdminRoute['handler'] =>
    async function alertKeyAction({ principal, params, body }, deps: AdminDeps) {
      const { keyId } = parseInput(keyBody, body);
      const key = await alertKey(alerts, keys, principal, params.id ?? '', keyId);
      const at = new Date().toISOString();
      const ok = kind === 'suspend' ? await keys.suspend(key.id, at) : await keys.reinstate(key.id, at);
      deps.verifier?.forget(key.id);
      await recordAction(deps, principal, `keys.${kind}`, `${key.id} alert:${params.id ?? ''}`, ok);
      return { id: key.id, [kind === 'suspend' ? 'suspended' : 'reinstated']: ok };
    };
  return [
    {
      method: 'GET',
      path: '/alerts/:id/keys',
      permissions: ['alerts:read'],
      async handler({ principal, params }) {
        const alert = await alerts.get(params.id ?? '');
        if (!alert) throw new BulwarkError('NOT_FOUND');
        return { data: (await keysNamed(alert, keys, principal)).map(shown) };
      },
    },
    {
      method: 'POST',
      path: '/alerts/:id/suspend-key',
      permissions: ['alerts:manage'],
      handler: act('suspend'),
    },
    {
      method: 'POST',
      path: '/alerts/:id/reinstate-key',
      permissions: ['alerts:manage'],
      handler: act('reinstate'),
    },
  ];
}
