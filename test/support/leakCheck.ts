import { containsPersonalIdentityNumber } from '../../src/domain/personalData';

/**
 * Every reply, card and log line the bot produces in a test is screened here for a personal
 * identity number, as cardCheck.ts checks every card: the local connector hands over what it is
 * sent, postActivity what an invoke answers, and the test bot every log line. A number found
 * anywhere fails the test that produced it (test/support/setupCardCheck.ts).
 */
const leaks: string[] = [];
let linesScreened = 0;

/** How many log lines the check has screened so far (it proves the lines do reach it). */
export const logLinesScreened = (): number => linesScreened;

/** Random ids (a UUID, 32 hex digits) are the bot's own, not text; the rest is read as a reader would. */
const RANDOM_ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}/gi;

function strings(node: unknown, out: string[] = []): string[] {
  const stack = [node];
  while (stack.length > 0) {
    const n = stack.pop();
    if (typeof n === 'string') out.push(n);
    else if (Array.isArray(n)) stack.push(...n);
    else if (n && typeof n === 'object') stack.push(...Object.values(n));
  }
  return out;
}

/** Screens every string in what the bot produced (a body, a card, a parsed log line). */
export function checkForPersonalNumbers(produced: unknown, where: string): void {
  for (const s of strings(produced)) {
    const text = s.replace(RANDOM_ID, 'x');
    if (containsPersonalIdentityNumber(text) || containsPersonalIdentityNumber(text, 'html')) {
      leaks.push(`${where}: ${JSON.stringify(s).slice(0, 300)}`);
    }
  }
}

/** A log destination for the test bot: every line is screened, none is printed. */
export const screenedLogDestination = {
  write(line: string): void {
    linesScreened++;
    let parsed: unknown = line;
    try {
      parsed = JSON.parse(line);
    } catch {
      // A line that is not JSON is screened as it is.
    }
    checkForPersonalNumbers(parsed, 'a log line');
  },
};

export function takeLeaks(): string[] {
  return leaks.splice(0);
}
