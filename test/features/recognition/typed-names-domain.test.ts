import { describe, expect, it } from 'vitest';
import { hasTypedName, resolveTypedNames } from '../../../src/features/recognition/domain/typed-names.ts';

const members = [
  { id: 'U0SAM00001', handle: 'sam.carter', realName: 'Sam Carter', displayName: 'Sam' },
  { id: 'U0SAMUEL01', handle: 'samuel', realName: 'Samuel Ortiz', displayName: 'Samuel' },
  { id: 'U0ANNA0001', handle: 'anna', realName: 'Anna & Co', displayName: '' },
];

describe('resolveTypedNames', () => {
  it('takes the longest whole name, ignoring case, and leaves the message as typed', () => {
    expect(resolveTypedNames('@sam carter, @Samuel: great work', members)).toEqual({
      kind: 'resolved',
      text: '<@U0SAM00001> <@U0SAMUEL01> : great work',
    });
    expect(resolveTypedNames('@Sam. Great work', members)).toEqual({
      kind: 'resolved',
      text: '<@U0SAM00001> . Great work',
    });
    expect(resolveTypedNames('@Anna &amp; Co thanks', members)).toEqual({
      kind: 'resolved',
      text: '<@U0ANNA0001> thanks',
    });
  });

  it('never matches part of a word, and says which name it could not find', () => {
    expect(resolveTypedNames('@Samantha great work', members)).toEqual({
      kind: 'not-found',
      typed: 'Samantha',
    });
  });

  it('reports every member who matches equally', () => {
    const twoSams = [
      ...members,
      { id: 'U0SAM00002', handle: 'sam.patel', realName: 'Sam Patel', displayName: 'Sam' },
    ];
    expect(resolveTypedNames('@Sam great work', twoSams)).toMatchObject({
      kind: 'ambiguous',
      typed: 'Sam',
      candidates: [{ id: 'U0SAM00001' }, { id: 'U0SAM00002' }],
    });
  });

  it('only looks members up when a leading recipient is typed', () => {
    expect(hasTypedName('<@U0SAM00001|sam> great work')).toBe(false);
    expect(hasTypedName('<@U0SAM00001|sam>, @Samuel great work')).toBe(true);
    expect(hasTypedName('great work @Sam')).toBe(false);
    expect(hasTypedName('@ great work')).toBe(false);
  });
});
