import type { StoredConversation } from '../../src/app/ports';
import type { Store } from '../../src/app/ports';
import { ConversationBook, REMEMBERED_FOR_MS } from '../../src/app/conversations';
import { sqliteBackend, type Backend } from '../support/stores';

const T0 = Date.parse('2026-12-01T09:00:00Z');

function karin(atMs: number, serviceUrl = 'https://smba.trafficmanager.net/emea/'): StoredConversation {
  return {
    key: 'personal:karin',
    kind: 'personal',
    userId: 'karin',
    reference: { serviceUrl, conversation: { id: 'a:karin' }, channelId: 'msteams' },
    updatedAt: new Date(atMs).toISOString(),
    gone: false,
  };
}

describe('ConversationBook: every turn remembers its conversation, the store is read only when needed', () => {
  let backend: Backend;
  let store: Store;
  let storeCalls: jest.SpyInstance;
  let book: ConversationBook;

  beforeEach(async () => {
    backend = sqliteBackend();
    store = await backend.open();
    storeCalls = jest.spyOn(store.conversations, 'saveConversation');
    book = new ConversationBook(store.conversations);
  });
  afterEach(() => backend.dispose());

  it('answers the same reference again within the window as unchanged, without touching the store', async () => {
    expect(await book.remember(karin(T0))).toBe('created');
    expect(await book.remember(karin(T0 + 1_000))).toBe('unchanged');
    expect(await book.remember(karin(T0 + REMEMBERED_FOR_MS - 1))).toBe('unchanged');
    expect(storeCalls).toHaveBeenCalledTimes(1);
  });

  it('checks the store again once the window has passed', async () => {
    await book.remember(karin(T0));
    expect(await book.remember(karin(T0 + REMEMBERED_FOR_MS))).toBe('unchanged');
    expect(storeCalls).toHaveBeenCalledTimes(2);
  });

  it('saves a changed reference at once', async () => {
    await book.remember(karin(T0));
    expect(await book.remember(karin(T0 + 1_000, 'https://smba.trafficmanager.net/se/'))).toBe('updated');
    expect((await book.personal('karin'))?.reference.serviceUrl).toBe('https://smba.trafficmanager.net/se/');
  });

  it('after an uninstall here, the next turn brings the conversation back', async () => {
    await book.remember(karin(T0));
    await book.forget('personal:karin', new Date(T0 + 1_000));
    expect(await book.personal('karin')).toBeUndefined();
    expect(await book.remember(karin(T0 + 2_000))).toBe('updated');
    expect(await book.personal('karin')).toBeDefined();
  });

  it('an installation reads the store even within the window: an uninstall another instance handled is undone', async () => {
    await book.remember(karin(T0));
    const other = new ConversationBook(store.conversations);
    await other.forget('personal:karin', new Date(T0 + 1_000));
    expect(await book.remember(karin(T0 + 2_000))).toBe('unchanged');
    expect(await book.personal('karin')).toBeUndefined();
    expect(await book.remember(karin(T0 + 3_000), { checkStore: true })).toBe('updated');
    expect(await book.personal('karin')).toBeDefined();
  });

  it('a second book on the same store (another instance) sees what the first one saved', async () => {
    await book.remember(karin(T0));
    const other = new ConversationBook(store.conversations);
    expect(await other.remember(karin(T0 + 1_000))).toBe('unchanged');
    expect(storeCalls).toHaveBeenCalledTimes(2);
  });
});
