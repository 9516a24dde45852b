import { closest, distance } from 'fastest-levenshtein';
import type { Plan } from '../domain/plan';

/** What `/status …` asks for. */
export type StatusTarget =
  | { kind: 'overview' }
  | { kind: 'recommendation'; id: string }
  | { kind: 'activity'; id: string }
  | { kind: 'unknown'; text: string };

/** Words around an id that say nothing more: "status för rek 2", "visa aktivitet 2a", "hur går det med 2a?". */
const FILLER =
  /^(?:(?:visa|kolla|läget|status|hur|går|det|gick|ser|ut|med|för|på|om|av|till|i|aktivitet(?:en)?|är)\s+)+/;

/**
 * Reads the argument of /status: nothing, "rek2", "rek 2", "2" (a recommendation) or "2a" (an
 * activity). Anything else, or an id the plan lacks, is unknown.
 */
export function parseStatusTarget(argument: string, plan: Plan): StatusTarget {
  const given = argument.trim().toLowerCase().replace(/\?+$/, '').trim();
  // "för rek 2", "aktivitet 2a": the words around an id say nothing more.
  const text = given.replace(FILLER, '').trim() || given;
  if (text === '') return { kind: 'overview' };
  const rec = /^(?:rek(?:ommendation)?\.?\s*)?(\d+)$/.exec(text);
  if (rec) {
    const id = `rek${Number(rec[1])}`;
    return plan.recommendations.some((r) => r.id === id) ? { kind: 'recommendation', id } : { kind: 'unknown', text };
  }
  const act = /^(\d+)\s*([a-z]{1,3})$/.exec(text);
  if (act) {
    const id = `${Number(act[1])}${act[2]}`;
    const exists = plan.recommendations.some((r) => r.activities.some((a) => a.id === id));
    return exists ? { kind: 'activity', id } : { kind: 'unknown', text };
  }
  return { kind: 'unknown', text };
}

/** What a message no command route took means. */
export type Interpretation =
  | { kind: 'status'; argument: string }
  | { kind: 'greeting' }
  | { kind: 'thanks' }
  | { kind: 'didYouMean'; command: string; rest: string }
  | { kind: 'unknown' };

const GREETING =
  /^(?:hej(?:san|hej)?|hallå|hallo|tjena|tjenare|tja|god\s+(?:morgon|dag|middag|kväll)|morrn|hello|hi|hey)(?![\p{L}\p{N}])/u;
const THANKS = /^(?:tack|tackar|tusen\s+tack|stort\s+tack|thanks|thank\s+you|ty)(?![\p{L}\p{N}])/u;
/** A message of only approving emoji (👍, 👌, 🙏, ❤️, 😊, 🙂 …, any skin tone), taken as thanks. */
const APPROVING_EMOJI =
  /^(?:(?:\u{1F44D}|\u{1F44C}|\u{1F64F}|\u{2764}|\u{1F60A}|\u{1F642}|\u{1F600}|\u{1F389}|\u{2705}|\u{1F4AA})(?:[\u{1F3FB}-\u{1F3FF}]|\u{FE0F}|\u{200D})*\s*)+$/u;

/** The plain text of a chat message: Teams sends HTML, with emoji as <img alt="👍"> or <emoji alt="👍">. */
function plainText(text: string): string {
  return text
    .replace(/<(?:img|emoji)\b[^>]*\balt="([^"]*)"[^>]*>/gi, ' $1 ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Reads a message that no command took: a bare id ("rek2", "2a", "rek 2") or a phrase around one
 * ("status för rek 2") is a status question; a greeting or thanks gets a short answer; a word close
 * to one of `commandWords` ("/statsu", "uppdatra") gets "Menade du …?". Nothing here has an effect by itself.
 */
export function interpretMessage(text: string, plan: Plan, commandWords: readonly string[]): Interpretation {
  const plain = plainText(text);
  const lower = plain
    .toLowerCase()
    .replace(/[!?.,:;]+$/u, '')
    .trim();
  if (lower === '') return { kind: 'unknown' };
  if (APPROVING_EMOJI.test(plain)) return { kind: 'thanks' };
  if (THANKS.test(lower)) return { kind: 'thanks' };
  if (GREETING.test(lower) && lower.split(/\s+/).length <= 4) return { kind: 'greeting' };

  const bare = lower.replace(/^\//, '');
  if (parseStatusTarget(bare, plan).kind !== 'unknown') return { kind: 'status', argument: bare };

  const [first = '', ...rest] = lower.split(/\s+/);
  const word = first.replace(/^\//, '');
  // Without a slash only a short message is taken as a command: "rapporten är bra men …" is not one.
  if (word.length >= 3 && (first.startsWith('/') || rest.length <= 2)) {
    const nearest = closest(word, [...commandWords]);
    // At most two edits, and fewer than half the word: "statsu" is /status, "sta" is nothing.
    const edits = distance(word, nearest);
    // Exactly a command without its slash ("utskick till alla") reaches here only for the commands
    // with an effect, which need their slash: it is pointed out, not run.
    if (edits <= Math.min(2, Math.floor(word.length / 2))) {
      return { kind: 'didYouMean', command: `/${nearest}`, rest: rest.join(' ') };
    }
  }
  return { kind: 'unknown' };
}
