import { takeCardProblems } from './cardCheck';
import { takeLeaks } from './leakCheck';

// Every test that made the bot send a card fails if that card is not valid (see cardCheck.ts), and
// every test that made the bot show or log a personal identity number fails (see leakCheck.ts).
afterEach(() => {
  const problems = takeCardProblems();
  if (problems.length > 0) throw new Error(`The bot sent ${problems.length} invalid card(s):\n${problems.join('\n')}`);
  const leaks = takeLeaks();
  if (leaks.length > 0)
    throw new Error(`The bot showed or logged ${leaks.length} personal identity number(s):\n${leaks.join('\n')}`);
});
