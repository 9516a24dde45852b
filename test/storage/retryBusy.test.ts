import { retryBusy } from '../../src/storage/sqlite/sqliteStore';

const busy = (): never => {
  throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
};

describe('a statement on a locked SQLite file', () => {
  it('is tried again until the lock is gone', async () => {
    let calls = 0;
    const result = await retryBusy(() => (++calls < 3 ? busy() : 'klar'));
    expect({ result, calls }).toEqual({ result: 'klar', calls: 3 });
  });

  it('gives up after the deadline with the catalogue code, in Swedish', async () => {
    await expect(retryBusy(busy, 60)).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
      message: expect.stringContaining('Databasen är låst'),
    });
  });

  it('any other error is not retried', async () => {
    let calls = 0;
    const broken = () => {
      calls++;
      throw Object.assign(new Error('no such table'), { code: 'SQLITE_ERROR' });
    };
    await expect(retryBusy(broken)).rejects.toThrow('no such table');
    expect(calls).toBe(1);
  });
});
