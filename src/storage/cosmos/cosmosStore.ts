import {
  Container,
  CosmosClient,
  Database,
  ErrorResponse,
  type CosmosClientOptions,
  type SqlParameter,
} from '@azure/cosmos';
import { DefaultAzureCredential } from '@azure/identity';
import type { Agent } from 'node:https';
import { z } from 'zod';
import { newestFirst, type StatusAnswer } from '../../domain/answer';
import { AppError, type WriteOutcome } from '../../app/errors';
import { clean, ConversationDocuments, parse, readAnswer, type KeyedDocuments } from '../documents';
import { RosterRecords } from '../rosterRecords';
import type {
  AnswerLog,
  ConversationStore,
  CurrentStates,
  DeploymentStore,
  FollowUpStore,
  PromptAnswers,
  RosterStore,
  ScheduleStore,
  RecordKeeping,
  Store,
} from '../../app/ports';
import { StoredRecordKeeping, type RemovablePrimitives } from '../recordKeeping';
import {
  ActivityStateRecords,
  DeploymentRecords,
  FollowUpRecords,
  ScheduleRecords,
  type RecordFence,
  type VersionedRecords,
} from '../planRecords';

/**
 * Containers and partition keys, chosen for how the bot reads:
 * - answers, /activityKey ("planId:activityId"): an activity's history is one partition; every
 *   answer is its own document, created and never replaced.
 * - planState, /planId: the current status of every activity of a plan and the plan's schedule
 *   bookkeeping (lease, job cursors, the send log, the linked channel) are one partition, read
 *   together for /status and the summary, and small.
 * - conversations, /id: point reads by user or channel key.
 */
export const CONTAINERS = {
  answers: '/activityKey',
  planState: '/planId',
  conversations: '/id',
} as const;

export interface CosmosOptions {
  endpoint: string;
  /** Account key; without one the bot signs in with Entra ID through DefaultAzureCredential. */
  key?: string;
  databaseId: string;
  /** Test code only: the local peer's self-signed certificate. */
  agent?: Agent;
  /** How long one operation may take, retries included, before the bot answers that the store is unreachable. */
  operationTimeoutMs?: number;
  /** Told the request units each operation cost (the service's x-ms-request-charge), by operation name. */
  onRequestCharge?: RequestChargeSink;
}

export type RequestChargeSink = (operation: string, requestUnits: number) => void;

/** The request charge of a response, or of an error response (a 404 or 412 costs units too). */
function requestChargeOf(value: unknown): number | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const direct = (value as { requestCharge?: unknown }).requestCharge;
  if (typeof direct === 'number') return direct;
  const header = (value as { headers?: Record<string, unknown> }).headers?.['x-ms-request-charge'];
  const charge = Number(header);
  return header === undefined || Number.isNaN(charge) ? undefined : charge;
}

/** Within Teams' 5 s for a card action, with time left to answer. */
export const COSMOS_OPERATION_TIMEOUT_MS = 3_000;

/**
 * Every operation on the account goes through here: bounded in time (the SDK's own request timeout
 * and retries are set below it, and a deadline covers the whole), and a container found missing
 * (404 on a write or query; the local peer answers 500) is re-created, with an account key, and
 * the operation tried once more.
 */
class Guard {
  private recreating: Promise<void> | undefined;

  constructor(
    private readonly timeoutMs: number,
    private readonly recreate: (() => Promise<void>) | undefined,
    private readonly onCharge?: RequestChargeSink,
  ) {}

  /** Runs one operation; `name` labels its request charge. */
  async run<T>(op: () => Promise<T>, name = 'other'): Promise<T> {
    const charged = async (): Promise<T> => {
      try {
        const result = await op();
        this.charge(name, result);
        return result;
      } catch (error) {
        this.charge(name, error);
        throw error;
      }
    };
    try {
      return await this.deadline(charged());
    } catch (error) {
      const code = statusCode(error);
      if (unavailable(error, code)) {
        throw new AppError(
          'STORE_UNAVAILABLE',
          `Cosmos DB går inte att nå: ${(error as Error).message}`,
          writeOutcome(error, code),
        );
      }
      if (!this.recreate || error instanceof AppError || (code !== 404 && code !== 500)) throw error;
      this.recreating ??= this.recreate().finally(() => (this.recreating = undefined));
      await this.deadline(this.recreating);
      return this.deadline(charged());
    }
  }

  private charge(name: string, response: unknown): void {
    if (!this.onCharge) return;
    const units = requestChargeOf(response);
    if (units !== undefined) this.onCharge(name, units);
  }

  private async deadline<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new AppError(
              'STORE_UNAVAILABLE',
              `Cosmos DB svarade inte inom ${this.timeoutMs} ms. Försök igen om en stund.`,
              // The request went out: it may still be applied after the deadline.
              'unknown',
            ),
          ),
        this.timeoutMs,
      );
    });
    work.catch(() => undefined);
    try {
      return await Promise.race([work, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}

export class CosmosStore implements Store {
  private constructor(
    private readonly client: CosmosClient,
    private readonly database: Database,
    readonly answers: AnswerLog,
    readonly states: CurrentStates,
    readonly conversations: ConversationStore,
    readonly schedule: ScheduleStore,
    readonly roster: RosterStore,
    readonly followUp: FollowUpStore,
    readonly deployments: DeploymentStore,
    readonly records: RecordKeeping,
  ) {}

  async ping(timeoutMs: number): Promise<void> {
    await new Guard(timeoutMs, undefined).run(() => this.database.read());
  }

  static async connect(options: CosmosOptions): Promise<CosmosStore> {
    if (!/^https?:\/\//.test(options.endpoint)) {
      throw new AppError('CONFIG_INVALID', `COSMOS_ENDPOINT måste vara en URL, fick "${options.endpoint}".`);
    }
    if (!options.databaseId) throw new AppError('CONFIG_INVALID', 'COSMOS_DATABASE saknas.');
    const timeout = options.operationTimeoutMs ?? COSMOS_OPERATION_TIMEOUT_MS;
    const clientOptions: CosmosClientOptions = {
      endpoint: options.endpoint,
      ...(options.key ? { key: options.key } : { aadCredentials: new DefaultAzureCredential() }),
      ...(options.agent ? { agent: options.agent } : {}),
      // The SDK waits 60 s per request and retries for up to 30 s by default: an answer hung for
      // minutes on a frozen endpoint. Both are kept below the operation deadline.
      connectionPolicy: {
        enableEndpointDiscovery: !options.agent,
        requestTimeout: Math.floor(timeout / 2),
        retryOptions: { maxRetryAttemptCount: 3, maxWaitTimeInSeconds: Math.max(1, Math.floor(timeout / 1000) - 1) },
      },
      userAgentSuffix: 'atgardsplan-bot',
    };
    const client = new CosmosClient(clientOptions);
    try {
      const mayCreate = Boolean(options.key);
      const containers = await openContainers(client, options.databaseId, mayCreate);
      const guard = new Guard(
        timeout,
        mayCreate ? async () => void (await openContainers(client, options.databaseId, true)) : undefined,
        options.onRequestCharge,
      );
      const answers = new CosmosAnswers(containers.answers, guard);
      await answers.migrate();
      const records = new CosmosRecords(containers.planState, guard);
      return new CosmosStore(
        client,
        client.database(options.databaseId),
        answers,
        new ActivityStateRecords(records),
        new ConversationDocuments(new CosmosConversations(containers.conversations, guard)),
        new ScheduleRecords(records),
        new RosterRecords(records),
        new FollowUpRecords(records),
        new DeploymentRecords(records),
        new StoredRecordKeeping(cosmosRemovals(containers, guard)),
      );
    } catch (error) {
      client.dispose();
      // A wrong address, key or role is the configuration's fault and stays so; anything else (a
      // 503, a throttle, a timeout, a reset) may pass, and the start waits for it (untilStoreAnswers).
      throw new AppError(
        misconfigured(error) ? 'CONFIG_INVALID' : 'STORE_UNAVAILABLE',
        `Kunde inte ansluta till Cosmos DB på ${options.endpoint}: ${(error as Error).message}. Kontrollera COSMOS_ENDPOINT och nyckel eller behörighet.`,
      );
    }
  }

  async close(): Promise<void> {
    this.client.dispose();
  }
}

/**
 * With an account key the database and containers are created if missing. With Entra ID the
 * data-plane role cannot create them (infra/ provisions them), so they are only checked to exist.
 */
async function openContainers(
  client: CosmosClient,
  databaseId: string,
  mayCreate: boolean,
): Promise<Record<keyof typeof CONTAINERS, Container>> {
  const database: Database = mayCreate
    ? (await client.databases.createIfNotExists({ id: databaseId })).database
    : client.database(databaseId);
  const entries = await Promise.all(
    Object.entries(CONTAINERS).map(async ([id, path]) => {
      if (mayCreate) {
        // defaultTtl -1: items never expire unless one sets its own ttl (gallring, for time-only rules).
        const { container } = await database.containers.createIfNotExists({
          id,
          partitionKey: { paths: [path] },
          defaultTtl: -1,
        });
        return [id, container] as const;
      }
      const container = database.container(id);
      const { resource } = await container.read();
      if (!resource) throw new Error(`behållaren ${databaseId}/${id} finns inte (skapa den med infra/main.bicep)`);
      return [id, container] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<keyof typeof CONTAINERS, Container>;
}

/** A timeout, a lost connection or an overloaded service: the store cannot be reached now. */
function unavailable(error: unknown, code: number | undefined): boolean {
  if (error instanceof AppError) return false;
  if (code === 408 || code === 429 || code === 503) return true;
  return code === undefined || Number.isNaN(code);
}

/** An answer no retry changes: the account is not there, or refuses this key or identity. */
function misconfigured(error: unknown): boolean {
  const code = statusCode(error);
  if (code === 401 || code === 403) return true;
  const sys = (error as { code?: unknown } | undefined)?.code;
  return sys === 'ENOTFOUND' || (error instanceof Error && error.name === 'CredentialUnavailableError');
}

/**
 * Whether a write that failed as unavailable may have been applied: a 429 is refused before Cosmos
 * DB does anything, and a connection that was never made carried nothing; a 503, a 408, a reset or
 * any other lost answer may come after the write was done.
 */
export function writeOutcome(error: unknown, code: number | undefined): WriteOutcome {
  if (code === 429) return 'notApplied';
  const sys = (error as { code?: unknown } | undefined)?.code;
  return sys === 'ECONNREFUSED' || sys === 'ENOTFOUND' ? 'notApplied' : 'unknown';
}

export function statusCode(error: unknown): number | undefined {
  return error instanceof ErrorResponse || (typeof error === 'object' && error !== null && 'code' in error)
    ? Number((error as ErrorResponse).code)
    : undefined;
}

/** Cosmos DB's own fields, dropped before a document is parsed as the domain's. */
const SYSTEM_FIELDS = ['_rid', '_self', '_etag', '_attachments', '_ts', 'id', 'type', 'activityKey', 'ttl'];

function strip(resource: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(resource).filter(([k]) => !SYSTEM_FIELDS.includes(k)));
}

/** Cosmos DB ids may not hold / \\ ? or #; Teams conversation ids are not promised to avoid them. */
export const cosmosId = (key: string): string => key.replace(/[/\\?#]/g, '_');

/**
 * A prompt card's head, in the card's activity partition beside its answers: the id of the latest
 * answer it sent and how many. Ids only, no content: gallring removes answers, and a head pointing
 * at an answer no longer there is read past.
 */
const cardHead = z.object({ lastAnswerId: z.string(), lastAnsweredAt: z.string(), count: z.number().int() });
type CardHead = z.infer<typeof cardHead>;

/** A card's head once one more of its answers is counted: it points at the newest answer seen. */
const headAfter = (head: CardHead | undefined, answer: { id: string; answeredAt: string }): CardHead => {
  const newer = !head || newestFirst(answer, { id: head.lastAnswerId, answeredAt: head.lastAnsweredAt }) < 0;
  return {
    ...(newer ? { lastAnswerId: answer.id, lastAnsweredAt: answer.answeredAt } : head),
    count: (head?.count ?? 0) + 1,
  };
};

/** The document recording that every card of the container has its head (written by the migration). */
const LAYOUT = { id: 'layout', activityKey: '_layout' } as const;
export const ANSWER_LAYOUT_VERSION = 2;

const cardDocId = (promptId: string): string => cosmosId(`card:${promptId}`);

const MAX_HEAD_RETRIES = 50;

/**
 * The answers: append-only, one document each; the current status lives in planState. Every read
 * the bot makes on a turn is a point read: an answer by its id, a card's latest answer through the
 * card's head (id derived from the prompt), and the latest answers of an activity through the ids
 * its current status keeps.
 */
class CosmosAnswers implements AnswerLog {
  constructor(
    private readonly answers: Container,
    private readonly guard: Guard,
  ) {}

  async answer(planId: string, activityId: string, answerId: string): Promise<StatusAnswer | undefined> {
    try {
      const { resource } = await this.guard.run(
        () => this.answers.item(answerId, `${planId}:${activityId}`).read(),
        'answer.read',
      );
      return resource && resource.answerId !== undefined ? toAnswer(resource) : undefined;
    } catch (error) {
      if (statusCode(error) === 404) return undefined;
      throw error;
    }
  }

  async lastFromPrompt(planId: string, activityId: string, promptId: string): Promise<PromptAnswers | undefined> {
    const head = await this.head(`${planId}:${activityId}`, promptId);
    if (!head) return undefined;
    const last = await this.answer(planId, activityId, head.value.lastAnswerId);
    if (last) return { last, count: head.value.count };
    // The head's answer is being written, or was never (a crash after the head moved): the query.
    const sent = await this.queryFromPrompt(planId, activityId, promptId);
    const newest = sent.at(-1);
    return newest ? { last: newest, count: Math.max(sent.length, head.value.count) } : undefined;
  }

  /** The answers a card sent, oldest first, by a query: for a head that points at nothing, and the migration. */
  private async queryFromPrompt(planId: string, activityId: string, promptId: string): Promise<StatusAnswer[]> {
    const activityKey = `${planId}:${activityId}`;
    const { resources } = await this.guard.run(
      () =>
        this.answers.items
          .query(
            {
              query: 'SELECT * FROM c WHERE c.activityKey = @key AND c.promptId = @promptId AND IS_DEFINED(c.answerId)',
              parameters: [
                { name: '@key', value: activityKey },
                { name: '@promptId', value: promptId },
              ],
            },
            { partitionKey: activityKey },
          )
          .fetchAll(),
      'answer.queryPrompt',
    );
    return resources.map(toAnswer).sort((a, b) => -newestFirst(a, b));
  }

  private async head(activityKey: string, promptId: string): Promise<{ value: CardHead; etag: string } | undefined> {
    try {
      const { resource, etag } = await this.guard.run(
        () => this.answers.item(cardDocId(promptId), activityKey).read(),
        'card.read',
      );
      return resource ? { value: parse(cardHead, resource, 'kortets senaste svar'), etag } : undefined;
    } catch (error) {
      if (statusCode(error) === 404) return undefined;
      throw error;
    }
  }

  /**
   * Moves the card's head to the answer before the answer is written (a head ahead of its answer
   * is read past, one behind would hide an answer from the retry check), under the head's etag.
   */
  private async advanceHead(answer: StatusAnswer): Promise<void> {
    const activityKey = `${answer.planId}:${answer.activityId}`;
    for (let attempt = 0; attempt < MAX_HEAD_RETRIES; attempt++) {
      const head = await this.head(activityKey, answer.promptId);
      if (head?.value.lastAnswerId === answer.id) return;
      const next = headAfter(head?.value, answer);
      if (await this.writeHead(activityKey, answer.promptId, next, head?.etag)) return;
      // Another answer from the same card moved it first: a short random pause, then again.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 * (attempt + 1))));
    }
    throw new AppError('STORE_CONFLICT', `Kortet ${answer.promptId} ändrades samtidigt för många gånger. Försök igen.`);
  }

  /** Creates (no etag) or replaces (under the etag) a card's head; false when someone was first. */
  private async writeHead(activityKey: string, promptId: string, head: CardHead, etag?: string): Promise<boolean> {
    const doc = { ...head, id: cardDocId(promptId), activityKey, type: 'card' };
    try {
      await this.guard.run(
        () =>
          etag === undefined
            ? this.answers.items.create(doc)
            : this.answers
                .item(doc.id, activityKey)
                .replace(doc, { accessCondition: { type: 'IfMatch', condition: etag } }),
        'card.write',
      );
      return true;
    } catch (error) {
      const code = statusCode(error);
      if (code === 409 || code === 412 || code === 404) return false;
      throw error;
    }
  }

  async appendAnswer(answer: StatusAnswer): Promise<'stored' | 'duplicate'> {
    await this.advanceHead(answer);
    const doc = { ...clean(answer), answerId: answer.id, activityKey: `${answer.planId}:${answer.activityId}` };
    try {
      await this.guard.run(() => this.answers.items.create(doc), 'answer.create');
      return 'stored';
    } catch (error) {
      if (statusCode(error) === 409) return 'duplicate';
      throw error;
    }
  }

  async answerHistory(planId: string, activityId: string, limit = 1000): Promise<StatusAnswer[]> {
    const activityKey = `${planId}:${activityId}`;
    const { resources } = await this.guard.run(
      () =>
        this.answers.items
          .query(
            {
              // The partition key is also in WHERE: the local test peer ignores the partitionKey option.
              query:
                'SELECT TOP @limit * FROM c WHERE c.activityKey = @key AND IS_DEFINED(c.answerId) ORDER BY c.answeredAt DESC',
              parameters: [
                { name: '@limit', value: limit },
                { name: '@key', value: activityKey },
              ],
            },
            { partitionKey: activityKey },
          )
          .fetchAll(),
      'answer.queryHistory',
    );
    return resources.map(toAnswer).sort(newestFirst);
  }

  async allAnswers(planId: string): Promise<StatusAnswer[]> {
    const { resources } = await this.guard.run(
      () =>
        this.answers.items
          .query({
            query: 'SELECT * FROM c WHERE c.planId = @planId ORDER BY c.answeredAt ASC',
            parameters: [{ name: '@planId', value: planId }],
          })
          .fetchAll(),
      'answer.queryPlan',
    );
    return resources.map(toAnswer).sort((a, b) => -newestFirst(a, b));
  }

  /**
   * A container written before cards had heads gets them, once: every answer's card is found by
   * one query over the container, and each card's head created from its answers (a head already
   * there was made by this version and is left alone). Then the layout document records it.
   */
  async migrate(): Promise<void> {
    const layout = await this.guard
      .run(() => this.answers.item(LAYOUT.id, LAYOUT.activityKey).read(), 'layout.read')
      .catch((error: unknown) => {
        if (statusCode(error) === 404) return { resource: undefined };
        throw error;
      });
    const version = (layout.resource as { version?: unknown } | undefined)?.version;
    if (typeof version === 'number' && version >= ANSWER_LAYOUT_VERSION) return;
    const { resources } = await this.guard.run(
      () =>
        this.answers.items
          .query<{ activityKey: string; promptId: string; answerId: string; answeredAt: string }>(
            'SELECT c.activityKey, c.promptId, c.answerId, c.answeredAt FROM c WHERE IS_DEFINED(c.answerId)',
          )
          .fetchAll(),
      'layout.migrate',
    );
    const cards = new Map<string, { activityKey: string; promptId: string; head: CardHead }>();
    for (const r of resources) {
      const key = JSON.stringify([r.activityKey, r.promptId]);
      const found = cards.get(key);
      const head = headAfter(found?.head, { id: r.answerId, answeredAt: r.answeredAt });
      cards.set(key, { activityKey: r.activityKey, promptId: r.promptId, head });
    }
    for (const { activityKey, promptId, head } of cards.values()) await this.writeHead(activityKey, promptId, head);
    await this.guard.run(
      () => this.answers.items.upsert({ ...LAYOUT, type: 'layout', version: ANSWER_LAYOUT_VERSION }),
      'layout.write',
    );
  }
}

function toAnswer(resource: Record<string, unknown>): StatusAnswer {
  const { answerId, ...rest } = strip(resource);
  return readAnswer({ ...rest, id: answerId });
}

class CosmosConversations implements KeyedDocuments {
  constructor(
    private readonly container: Container,
    private readonly guard: Guard,
  ) {}

  async get(key: string): Promise<unknown> {
    const { resource } = await this.guard.run(
      () => this.container.item(cosmosId(key), cosmosId(key)).read(),
      'conversation.read',
    );
    return resource ? strip(resource) : undefined;
  }

  async put(key: string, doc: object): Promise<void> {
    await this.guard.run(() => this.container.items.upsert({ ...doc, id: cosmosId(key) }), 'conversation.write');
  }
}

/** The plan's records (activity states, schedule bookkeeping) in planState, told apart by id prefix. */
class CosmosRecords implements VersionedRecords {
  constructor(
    private readonly container: Container,
    private readonly guard: Guard,
  ) {}

  private doc(planId: string, id: string, doc: object): Record<string, unknown> {
    return { ...doc, id: cosmosId(`record:${id}`), recordId: id, planId, type: 'record' };
  }

  async get(planId: string, id: string): Promise<{ doc: unknown; etag: string } | undefined> {
    const { resource, etag } = await this.guard.run(
      () => this.container.item(cosmosId(`record:${id}`), planId).read(),
      'record.read',
    );
    return resource ? { doc: stripRecord(resource), etag } : undefined;
  }

  /**
   * The local peer has no transactional batch: a fenced write reads the lease just before it, and
   * the epoch inside every fenced item keeps an older writer from overwriting a newer one's record.
   */
  private async fenceHolds(planId: string, fence: RecordFence | undefined): Promise<boolean> {
    if (!fence) return true;
    const lease = await this.get(planId, fence.id);
    const doc = lease?.doc as { epoch?: unknown; holder?: unknown } | undefined;
    return doc?.epoch === fence.epoch && doc.holder !== '';
  }

  async create(planId: string, id: string, doc: object, fence?: RecordFence): Promise<boolean> {
    if (!(await this.fenceHolds(planId, fence))) return false;
    try {
      await this.guard.run(() => this.container.items.create(this.doc(planId, id, doc)), 'record.create');
      return true;
    } catch (error) {
      if (statusCode(error) === 409) return false;
      throw error;
    }
  }

  async replace(planId: string, id: string, doc: object, etag: string, fence?: RecordFence): Promise<boolean> {
    if (!(await this.fenceHolds(planId, fence))) return false;
    try {
      await this.guard.run(
        () =>
          this.container
            .item(cosmosId(`record:${id}`), planId)
            .replace(this.doc(planId, id, doc), { accessCondition: { type: 'IfMatch', condition: etag } }),
        'record.replace',
      );
      return true;
    } catch (error) {
      const code = statusCode(error);
      if (code === 412 || code === 404) return false;
      throw error;
    }
  }

  async upsert(planId: string, id: string, doc: object): Promise<void> {
    await this.guard.run(() => this.container.items.upsert(this.doc(planId, id, doc)), 'record.upsert');
  }

  /** The service's clock: the `_ts` (whole seconds) it stamps on a clock record written now. */
  async storeTime(planId: string): Promise<Date> {
    const { resource } = await this.guard.run(
      () => this.container.items.upsert(this.doc(planId, 'clock', { at: new Date().toISOString() })),
      'record.clock',
    );
    const ts = (resource as { _ts?: unknown } | undefined)?._ts;
    if (typeof ts !== 'number') throw new AppError('STORE_UNAVAILABLE', 'Databasen angav ingen tid (_ts).');
    return new Date(ts * 1000);
  }

  async list(planId: string, idPrefix: string): Promise<unknown[]> {
    const { resources } = await this.guard.run(
      () =>
        this.container.items
          .query(
            {
              query: 'SELECT * FROM c WHERE c.planId = @planId AND c.type = @type AND STARTSWITH(c.recordId, @prefix)',
              parameters: [
                { name: '@planId', value: planId },
                { name: '@type', value: 'record' },
                { name: '@prefix', value: idPrefix },
              ],
            },
            { partitionKey: planId },
          )
          .fetchAll(),
      'record.list',
    );
    return resources.sort((a, b) => String(a.recordId).localeCompare(String(b.recordId))).map(stripRecord);
  }
}

function stripRecord(resource: Record<string, unknown>): Record<string, unknown> {
  const { recordId: _r, ...rest } = resource;
  return strip(rest);
}

/**
 * Gallring's primitives on Cosmos DB: documents listed with their ids and deleted by them (404
 * counts as already gone), and a per-item ttl for records that go on time alone.
 */
function cosmosRemovals(containers: Record<keyof typeof CONTAINERS, Container>, guard: Guard): RemovablePrimitives {
  const query = async (container: Container, query: string, parameters: SqlParameter[]) =>
    (await guard.run(() => container.items.query({ query, parameters }).fetchAll())).resources as Array<
      Record<string, unknown>
    >;
  const remove = async (container: Container, id: string, partitionKey: string): Promise<boolean> => {
    try {
      await guard.run(() => container.item(id, partitionKey).delete());
      return true;
    } catch (error) {
      if (statusCode(error) === 404) return false;
      throw error;
    }
  };
  return {
    entries: async (planId, prefix) =>
      (
        await query(
          containers.planState,
          'SELECT * FROM c WHERE c.planId = @planId AND c.type = @type AND STARTSWITH(c.recordId, @prefix)',
          [
            { name: '@planId', value: planId },
            { name: '@type', value: 'record' },
            { name: '@prefix', value: prefix },
          ],
        )
      )
        .map((r) => ({ id: String(r.recordId), doc: stripRecord(r) }))
        .sort((a, b) => a.id.localeCompare(b.id)),
    removeRecord: (planId, id) => remove(containers.planState, cosmosId(`record:${id}`), planId),
    answerEntries: async (planId) =>
      (
        await query(containers.answers, 'SELECT * FROM c WHERE c.planId = @planId', [
          { name: '@planId', value: planId },
        ])
      ).map((r) => {
        const { answerId, ...rest } = strip(r);
        return { id: `${String(r.activityKey)}|${String(answerId)}`, doc: { ...rest, id: answerId } };
      }),
    removeAnswer: (_planId, id) => {
      const [activityKey = '', answerId = ''] = id.split('|');
      return remove(containers.answers, answerId, activityKey);
    },
    conversationEntries: async () =>
      (await query(containers.conversations, 'SELECT * FROM c', [])).map((r) => ({
        id: String(r.id),
        doc: strip(r),
      })),
    removeConversation: (id) => remove(containers.conversations, id, id),
    expireRecord: async (planId, id, ttlSeconds) => {
      await guard.run(() =>
        containers.planState
          .item(cosmosId(`record:${id}`), planId)
          .patch([{ op: 'set', path: '/ttl', value: Math.max(1, Math.ceil(ttlSeconds)) }]),
      );
    },
  };
}
