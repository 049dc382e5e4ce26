import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from '../../src/shared/suggest.js';

describe('didYouMean', () => {
  it('finds a likely typo within max(2, length/3) edits, case-insensitively', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(didYouMean('clientNmae', ['clientName', 'clientId'])).toBe('clientName');
    expect(didYouMean('GETCLIENT', ['GetClients', 'GetClient'])).toBe('GetClient');
    expect(didYouMean('zzzzzz', ['port', 'count'])).toBeUndefined();
  });

  it('with substrings, a candidate containing the word counts as one edit', () => {
    expect(didYouMean('redirect', ['redirectUri', 'name'])).toBeUndefined();
    expect(didYouMean('redirect', ['redirectUri', 'name'], { substrings: true })).toBe('redirectUri');
  });
});
