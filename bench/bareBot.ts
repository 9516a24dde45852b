/**
 * The bare bot the bench compares with: teams-ai v1 on restify, nothing else. It answers every
 * Action.Execute with one static card and every message with one static text, with no store, no
 * checks and no templating. Run as its own process by bench/compare.ts (PORT in the environment).
 */
import restify from 'restify';
import { Application, TeamsAdapter, type TurnState } from '@microsoft/teams-ai';

const STATIC_CARD = {
  type: 'AdaptiveCard' as const,
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
  body: [{ type: 'TextBlock', text: 'Sparat', wrap: true }],
};

const adapter = new TeamsAdapter({});
const app = new Application<TurnState>({
  adapter,
  removeRecipientMention: true,
  startTypingTimer: false,
  longRunningMessages: false,
} as ConstructorParameters<typeof Application<TurnState>>[0]);

for (const verb of ['submitStatus', 'showStatus']) app.adaptiveCards.actionExecute(verb, async () => STATIC_CARD);
app.activity('message', async (context) => {
  await context.sendActivity('Hej');
});

const server = restify.createServer({ name: 'bare-bot' });
server.use(restify.plugins.bodyParser({ mapParams: false }));
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res as never, async (context) => {
    await app.run(context);
  });
});
server.get('/healthz', (_req, res, next) => {
  res.send(200, { status: 'ok' });
  return next();
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`READY ${server.url}\n`);
});
