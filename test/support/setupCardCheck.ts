import { takeCardProblems } from './cardCheck';

// Every test that made the bot send a card fails if that card is not valid (see cardCheck.ts).
afterEach(() => {
  const problems = takeCardProblems();
  if (problems.length > 0) throw new Error(`The bot sent ${problems.length} invalid card(s):\n${problems.join('\n')}`);
});
