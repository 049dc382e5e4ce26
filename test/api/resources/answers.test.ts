/**
 * src/api/resources/answers.ts: an answer of the wrong shape (a wrong URL, a proxy's page) is an error naming what
 * was asked for, never an empty table; ids as the server writes them.
 */
import { describe, expect, it } from 'vitest';
import { createdId, idField, isRtId, listOf, normalizeIds, objectOf, singleOf } from '../../../src/api/resources/answers.js';
import { HttpError } from '../../../src/errors.js';

function error(fn: () => unknown): HttpError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(HttpError);
    return err as HttpError;
  }
  throw new Error('expected an HttpError');
}

describe('lists', () => {
  it('a bare array, a wrapped one, or nothing (an empty list)', () => {
    expect(listOf([1, 2], 'clients')).toEqual([1, 2]);
    expect(listOf(undefined, 'clients')).toEqual([]);
    expect(listOf(null, 'clients')).toEqual([]);
    expect(listOf({ groups: [{ a: 1 }] }, 'groups', 'groups')).toEqual([{ a: 1 }]);
    expect(listOf({ groups: null }, 'groups', 'groups')).toEqual([]);
    expect(listOf({ groups: undefined }, 'groups', 'groups')).toEqual([]);
  });

  it('anything else is an error naming the list, with the start of the answer', () => {
    const e = error(() => listOf({ items: [] }, 'groups', 'groups'));
    expect(e.message).toBe("the server's answer for groups is not a list");
    expect(e.status).toBe(200);
    expect(e.body).toBe('{"items":[]}');
    expect(error(() => listOf({ groups: [] }, 'groups')).message).toBe("the server's answer for groups is not a list");
    expect(error(() => listOf({ groups: 'x' }, 'groups', 'groups')).message).toBe("the server's answer for groups is not a list");
    expect(error(() => listOf('<html>', 'clients')).message).toBe("the server's answer for clients is not a list");
    expect(error(() => listOf('x'.repeat(500), 'clients')).body).toHaveLength(200);
  });
});

describe('single objects', () => {
  it('an object; no body, an array or a string is an error', () => {
    expect(objectOf({ a: 1 }, "client 'a'")).toEqual({ a: 1 });
    for (const bad of [undefined, null, [], 'text', 0]) {
      expect(error(() => objectOf(bad, "client 'a'")).message).toBe("the server's answer for client 'a' is not an object");
    }
    expect(error(() => objectOf('text', 'x')).body).toBe('text');
    expect(error(() => objectOf(undefined, 'x')).body).toBe('');
  });

  it('an object wrapped like a list must hold exactly one', () => {
    expect(singleOf({ identityProviders: [{ id: 'a' }] }, 'identityProviders', "provider 'a'")).toEqual({ id: 'a' });
    expect(singleOf({ id: 'a' }, 'identityProviders', "provider 'a'")).toEqual({ id: 'a' });
    expect(error(() => singleOf({ identityProviders: [] }, 'identityProviders', "provider 'a'")).message).toBe("the server's answer for provider 'a' holds 0 entries instead of one");
    expect(error(() => singleOf({ identityProviders: [{}, {}] }, 'identityProviders', "provider 'a'")).message).toBe("the server's answer for provider 'a' holds 2 entries instead of one");
    expect(error(() => singleOf({ identityProviders: ['x'] }, 'identityProviders', "provider 'a'")).message).toBe("the server's answer for provider 'a' holds 1 entries instead of one");
    expect(error(() => singleOf([{ id: 'a' }], 'identityProviders', "provider 'a'")).message).toBe("the server's answer for provider 'a' is not an object");
  });
});

describe('ids', () => {
  it('a required id field, else an error naming the field', () => {
    expect(idField({}, { id: 'x1' }, 'id', 'the new group')).toBe('x1');
    expect(error(() => idField({ id: '' }, { id: '' }, 'id', 'the new group')).message).toBe("the server's answer for the new group has no id");
    expect(error(() => idField({}, { rtId: 5 }, 'rtId', 'the client')).message).toBe("the server's answer for the client has no rtId");
  });

  it('the id of a created object: id, else rtId; nothing for an empty answer', () => {
    expect(createdId({ id: 'a', rtId: 'b' })).toBe('a');
    expect(createdId({ rtId: 'b' })).toBe('b');
    expect(createdId({ id: '' })).toBeUndefined();
    expect(createdId({ id: 5 })).toBeUndefined();
    expect(createdId(undefined)).toBeUndefined();
    expect(createdId('a')).toBeUndefined();
  });

  it('RtIds are 24 hex digits, written in lower case; other ids only trimmed', () => {
    expect(isRtId(' 65A1B2C3D4E5F60718293A4B ')).toBe(true);
    expect(isRtId('65a1b2c3d4e5f60718293a4')).toBe(false);
    expect(isRtId('x65a1b2c3d4e5f60718293a4b')).toBe(false);
    expect(normalizeIds([' 65A1B2C3D4E5F60718293A4B ', ' Name ', 'ABC'])).toEqual(['65a1b2c3d4e5f60718293a4b', 'Name', 'ABC']);
  });
});
