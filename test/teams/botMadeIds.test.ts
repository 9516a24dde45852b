import { randomBytes, randomUUID } from 'node:crypto';
import { containsPersonalIdentityNumber } from '../../src/domain/personalData';
import { parseSubmission, screenCardData } from '../../src/teams/cardData';

const hex = (): string => randomBytes(16).toString('hex');

describe('ids the bot made itself are checked by their own schema, never by the personnummer screen', () => {
  it('a million random UUIDs and hex ids, each in the field it belongs to, never get a card refused', () => {
    let refused = 0;
    let holdingANumber = 0;
    for (let i = 0; i < 1_000_000; i++) {
      const ids = {
        promptId: i % 2 === 0 ? randomUUID() : `manual:${randomUUID()}:enhetschef-familjehemsenheten:2a`,
        requestId: randomUUID(),
        formId: randomUUID(),
        corrects: hex(),
        answerId: hex(),
        receipt: `2a:${hex()}`,
      };
      if (i % 50 === 0 && Object.values(ids).some((id) => containsPersonalIdentityNumber(id))) holdingANumber++;
      const screened = screenCardData({ action: { type: 'Action.Execute', verb: 'submitStatus', data: ids } });
      if (screened.tooDeep || screened.inputs.length > 0) refused++;
    }
    expect(refused).toBe(0);
    // Some of them do hold a number a reader would take for one: the test would catch a screen that read ids.
    expect(holdingANumber).toBeGreaterThan(0);
    // A million rounds take about 20 s alone; the room is for a machine shared with other suites.
  }, 180_000);

  it('a status card carrying such ids is read as ours', () => {
    const promptId = '830cc103-2a9d-4015-bf47-3807793082d3';
    expect(containsPersonalIdentityNumber(promptId.slice(24, 34))).toBe(true);
    const parsed = parseSubmission({ activityId: '2a', promptId, corrects: hex(), status: 'pågår' });
    expect(parsed?.promptId).toBe(promptId);
  });

  it('a number written into an id field is still refused: only the random part is left unread', () => {
    const parsed = parseSubmission({ activityId: '2a', promptId: 'kort 19121212-1212', status: 'pågår' });
    expect(parsed).toBeUndefined();
  });
});
