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
import type { StatusAnswer } from '../../domain/answer';
import { AppError, type WriteOutcome } from '../../app/errors';
import { clean, ConversationDocuments, readAnswer, type KeyedDocuments } from '../documents';
import { RosterRecords } from '../rosterRecords';
import type {
  AnswerLog,
  ConversationStore,
  CurrentStates,
  DeploymentStore,
  FollowUpStore,
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
  ) {}

  async run<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await this.deadline(op());
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
      return this.deadline(op());
    }
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
      );
      const records = new CosmosRecords(containers.planState, guard);
      return new CosmosStore(
        client,
        client.database(options.databaseId),
        new CosmosAnswers(containers.answers, guard),
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
      throw new AppError(
        'STORE_UNAVAILABLE',
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

/** The answers: append-only, one document each; the current status lives in planState. */
class CosmosAnswers implements AnswerLog {
  constructor(
    private readonly answers: Container,
    private readonly guard: Guard,
  ) {}

  async answer(planId: string, activityId: string, answerId: string): Promise<StatusAnswer | undefined> {
    try {
      const { resource } = await this.guard.run(() => this.answers.item(answerId, `${planId}:${activityId}`).read());
      return resource ? toAnswer(resource) : undefined;
    } catch (error) {
      if (statusCode(error) === 404) return undefined;
      throw error;
    }
  }

  async answersFromPrompt(planId: string, activityId: string, promptId: string): Promise<StatusAnswer[]> {
    const activityKey = `${planId}:${activityId}`;
    const { resources } = await this.guard.run(() =>
      this.answers.items
        .query(
          {
            query: 'SELECT * FROM c WHERE c.activityKey = @key AND c.promptId = @promptId',
            parameters: [
              { name: '@key', value: activityKey },
              { name: '@promptId', value: promptId },
            ],
          },
          { partitionKey: activityKey },
        )
        .fetchAll(),
    );
    return resources.map(toAnswer).sort((a, b) => -newestFirst(a, b));
  }

  async appendAnswer(answer: StatusAnswer): Promise<'stored' | 'duplicate'> {
    const doc = { ...clean(answer), answerId: answer.id, activityKey: `${answer.planId}:${answer.activityId}` };
    try {
      await this.guard.run(() => this.answers.items.create(doc));
      return 'stored';
    } catch (error) {
      if (statusCode(error) === 409) return 'duplicate';
      throw error;
    }
  }

  async answerHistory(planId: string, activityId: string, limit = 1000): Promise<StatusAnswer[]> {
    const activityKey = `${planId}:${activityId}`;
    const { resources } = await this.guard.run(() =>
      this.answers.items
        .query(
          {
            // The partition key is also in WHERE: the local test peer ignores the partitionKey option.
            query: 'SELECT TOP @limit * FROM c WHERE c.activityKey = @key ORDER BY c.answeredAt DESC',
            parameters: [
              { name: '@limit', value: limit },
              { name: '@key', value: activityKey },
            ],
          },
          { partitionKey: activityKey },
        )
        .fetchAll(),
    );
    return resources.map(toAnswer).sort(newestFirst);
  }

  async allAnswers(planId: string): Promise<StatusAnswer[]> {
    const { resources } = await this.guard.run(() =>
      this.answers.items
        .query({
          query: 'SELECT * FROM c WHERE c.planId = @planId ORDER BY c.answeredAt ASC',
          parameters: [{ name: '@planId', value: planId }],
        })
        .fetchAll(),
    );
    return resources.map(toAnswer).sort((a, b) => -newestFirst(a, b));
  }
}

function toAnswer(resource: Record<string, unknown>): StatusAnswer {
  const { answerId, ...rest } = strip(resource);
  return readAnswer({ ...rest, id: answerId });
}

function newestFirst(a: StatusAnswer, b: StatusAnswer): number {
  if (a.answeredAt !== b.answeredAt) return a.answeredAt < b.answeredAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

class CosmosConversations implements KeyedDocuments {
  constructor(
    private readonly container: Container,
    private readonly guard: Guard,
  ) {}

  async get(key: string): Promise<unknown> {
    const { resource } = await this.guard.run(() => this.container.item(cosmosId(key), cosmosId(key)).read());
    return resource ? strip(resource) : undefined;
  }

  async put(key: string, doc: object): Promise<void> {
    await this.guard.run(() => this.container.items.upsert({ ...doc, id: cosmosId(key) }));
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
    const { resource, etag } = await this.guard.run(() => this.container.item(cosmosId(`record:${id}`), planId).read());
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
      await this.guard.run(() => this.container.items.create(this.doc(planId, id, doc)));
      return true;
    } catch (error) {
      if (statusCode(error) === 409) return false;
      throw error;
    }
  }

  async replace(planId: string, id: string, doc: object, etag: string, fence?: RecordFence): Promise<boolean> {
    if (!(await this.fenceHolds(planId, fence))) return false;
    try {
      await this.guard.run(() =>
        this.container
          .item(cosmosId(`record:${id}`), planId)
          .replace(this.doc(planId, id, doc), { accessCondition: { type: 'IfMatch', condition: etag } }),
      );
      return true;
    } catch (error) {
      const code = statusCode(error);
      if (code === 412 || code === 404) return false;
      throw error;
    }
  }

  async upsert(planId: string, id: string, doc: object): Promise<void> {
    await this.guard.run(() => this.container.items.upsert(this.doc(planId, id, doc)));
  }

  /** The service's clock: the `_ts` (whole seconds) it stamps on a clock record written now. */
  async storeTime(planId: string): Promise<Date> {
    const { resource } = await this.guard.run(() =>
      this.container.items.upsert(this.doc(planId, 'clock', { at: new Date().toISOString() })),
    );
    const ts = (resource as { _ts?: unknown } | undefined)?._ts;
    if (typeof ts !== 'number') throw new AppError('STORE_UNAVAILABLE', 'Databasen angav ingen tid (_ts).');
    return new Date(ts * 1000);
  }

  async list(planId: string, idPrefix: string): Promise<unknown[]> {
    const { resources } = await this.guard.run(() =>
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
