import { describe, expect, it } from 'vitest';
import { isLoopback } from '../../src/server/device-page.js';

describe('/_local/device/approve|deny answer only this machine', () => {
  it('treats IPv4 and IPv6 loopback (also IPv4-mapped) as local, anything else not', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) expect(isLoopback(a), a).toBe(true);
    for (const a of ['10.0.0.5', '192.168.1.2', '::ffff:10.0.0.5', 'fe80::1', '', undefined]) expect(isLoopback(a), String(a)).toBe(false);
  });
});
