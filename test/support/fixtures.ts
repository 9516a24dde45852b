import type { StatusAnswer } from '../../src/domain/answer';
import type { StoredConversation } from '../../src/app/ports';

let counter = 0;

export function answer(overrides: Partial<StatusAnswer> = {}): StatusAnswer {
  counter += 1;
  return {
    id: `answer-${counter}-${Math.random().toString(16).slice(2)}`,
    planId: 'ha-familjehem',
    activityId: '2a',
    status: 'pågår',
    comment: 'Rutinen är ute på remiss i arbetsgruppen.',
    nextStep: 'Beslut i ledningsgruppen',
    milestonesReached: ['2a-m1'],
    indicators: { '2a-i1': 80 },
    answeredBy: { userId: 'user-familjehem', name: 'Fatima Enhetschef' },
    ownerRole: 'enhetschef-familjehemsenheten',
    answeredAt: new Date(Date.UTC(2026, 10, 20, 9, 0, counter)).toISOString(),
    promptId: `prompt-${counter}`,
    ...overrides,
  };
}

export function personalConversation(userId: string, overrides: Partial<StoredConversation> = {}): StoredConversation {
  return {
    key: `personal:${userId}`,
    kind: 'personal',
    userId,
    reference: {
      conversation: { id: `a:${userId}-chat`, conversationType: 'personal' },
      serviceUrl: 'http://localhost:56150/_connector',
      bot: { id: 'bot', name: 'Åtgärdsplan' },
      user: { id: `29:${userId}`, aadObjectId: userId },
    },
    updatedAt: '2026-11-20T08:00:00.000Z',
    gone: false,
    ...overrides,
  };
}
