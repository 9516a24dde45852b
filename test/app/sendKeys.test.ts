import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { conversationKeys, sendKeys } from '../../src/app/sendOnce';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('send and conversation keys', () => {
  it('are spelled the way the stored records already are', () => {
    expect(sendKeys.of({ kind: 'prompt', cycleId: '2026-11-30' }, 'u1')).toBe('prompt:2026-11-30:u1');
    expect(sendKeys.of({ kind: 'reminder', cycleId: '2026-11-30', n: 1 }, 'u1')).toBe('reminder:2026-11-30:1:u1');
    expect(sendKeys.of({ kind: 'movedReminder', cycleId: '2026-11-30', activityId: '2a' }, 'u1')).toBe(
      'later:2026-11-30:2a:u1',
    );
    expect(sendKeys.of({ kind: 'manual', requestId: 'r1' }, 'u1')).toBe('manual:r1:u1');
    expect(sendKeys.summary('2026-11-30')).toBe('summary:2026-11-30');
    expect(sendKeys.welcome('u1')).toBe('welcome:u1');
    expect(conversationKeys.personal('u1')).toBe('personal:u1');
    expect(conversationKeys.channel('19:a@thread.tacv2')).toBe('channel:19:a@thread.tacv2');
    expect(conversationKeys.groupChat('19:g')).toBe('groupChat:19:g');
  });

  it('are built nowhere in src/ but app/sendOnce.ts', () => {
    const spelled = /[`'"](prompt|reminder|later|summary|manual|welcome|personal|channel|groupChat):/;
    const offenders = sources(join(__dirname, '../../src'))
      .filter((f) => !f.endsWith(join('app', 'sendOnce.ts')))
      .filter((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .some((line) => !/^\s*(\*|\/\/|\/\*)/.test(line) && spelled.test(line)),
      );
    expect(offenders).toEqual([]);
  });
});
