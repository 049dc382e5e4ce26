/** One request handler for the whole service: our own routes first, everything else goes to oidc-provider. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleAdmin, isAdminPath } from './admin/router.js';
import type { ServiceContext } from './context.js';
import { devicePageTenant, handleDevicePage, handleLocalDeviceDecision } from './device-page.js';
import { sendEmpty } from './http.js';
import { handleInteraction, interactionUid } from './interaction.js';
import { handleRegistration } from './registration.js';
import { handleSetupApi, isSetupPath } from './setup.js';
import { handleUserinfo } from './userinfo.js';

type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export function createRequestHandler(svc: ServiceContext, oidc: NodeHandler): NodeHandler {
  return async (req, res) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', svc.issuer);
    } catch {
      req.resume();
      return sendEmpty(res, 400);
    }
    const path = url.pathname;
    try {
      if (path === '/connect/userinfo') return await handleUserinfo(svc, req, res);
      if (path === '/_local/device/approve') return await handleLocalDeviceDecision(svc, req, res, 'approve');
      if (path === '/_local/device/deny') return await handleLocalDeviceDecision(svc, req, res, 'deny');
      if (path === '/connect/register') return await handleRegistration(svc, req, res);
      // oidc-provider's own device page is replaced by the per-tenant one.
      if (path === '/connect/device-verify' || path.startsWith('/connect/device-verify/')) {
        req.resume();
        return sendEmpty(res, 404);
      }
      const uid = interactionUid(path);
      if (uid) return await handleInteraction(svc, req, res, uid);
      if (isAdminPath(path)) return await handleAdmin(svc, req, res, url);
      if (isSetupPath(path)) return await handleSetupApi(svc, req, res, path);
      const tenant = devicePageTenant(path);
      if (tenant) return await handleDevicePage(svc, req, res, url, tenant);
      return await oidc(req, res);
    } catch (err) {
      svc.options.log(`error handling ${req.method} ${path}: ${(err as Error).stack ?? String(err)}`);
      if (!res.headersSent) {
        req.resume();
        sendEmpty(res, 500);
      } else {
        res.destroy();
      }
    }
  };
}
