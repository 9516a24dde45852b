import { deliveryState } from '../../src/domain/reach';

describe('the state of a send, as a person is told it', () => {
  it.each([
    ['accepted by Teams: levererat', { outcome: 'sent' as const }, { state: 'delivered' }],
    [
      'blocked (403): nekat, with Teams’ status',
      { outcome: 'unreachable' as const, reason: 'blocked', status: 403 },
      { state: 'refused', reason: 'blocked', status: 403 },
    ],
    [
      'throttled until the attempts ran out: nekat, with the 429',
      { outcome: 'unreachable' as const, reason: 'failed', status: 429 },
      { state: 'refused', reason: 'failed', status: 429 },
    ],
    [
      'an attempt of unknown fate used up the budget: okänt',
      { outcome: 'unreachable' as const, reason: 'uncertain', uncertain: 2 },
      { state: 'unknown' },
    ],
    [
      'recorded before the reason existed, with uncertain attempts and no refusal: okänt',
      { outcome: 'unreachable' as const, reason: 'failed', uncertain: 2 },
      { state: 'unknown' },
    ],
    [
      'nowhere to send it: kunde inte nås',
      { outcome: 'unreachable' as const, reason: 'notInTeam' },
      { state: 'unreachable', reason: 'notInTeam' },
    ],
    ['still being tried', { outcome: 'failed' as const, uncertain: 1 }, { state: 'pending' }],
    ['claimed, not finished', {}, { state: 'pending' }],
  ])('%s', (_what, send, expected) => {
    expect(deliveryState(send)).toEqual(expected);
  });
});
