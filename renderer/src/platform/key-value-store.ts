/** A small persistent map: one IndexedDB object store with out-of-line string keys. */
export interface KeyValueStore<V> {
  get(key: string): Promise<V | undefined>;
  set(key: string, value: V): Promise<void>;
  delete(key: string): Promise<void>;
  entries(): Promise<Array<[string, V]>>;
}

function settle<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

/**
 * Opens (creating on first use) the object store `store` of database `database`. The database is opened once,
 * lazily; each call runs in its own transaction. Version 1 holds one store: adding stores means a version bump.
 */
export function openKeyValueStore<V>(database: string, store: string, factory: IDBFactory = indexedDB): KeyValueStore<V> {
  let opened: Promise<IDBDatabase> | null = null;
  function db(): Promise<IDBDatabase> {
    opened ??= new Promise((resolve, reject) => {
      const request = factory.open(database, 1);
      request.onupgradeneeded = () => {
        if (!request.result.objectStoreNames.contains(store)) request.result.createObjectStore(store);
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error(`cannot open IndexedDB ${database}`));
      request.onblocked = () => reject(new Error(`IndexedDB ${database} is blocked by another tab`));
    });
    return opened;
  }
  async function run<T>(mode: IDBTransactionMode, work: (objects: IDBObjectStore) => Promise<T>): Promise<T> {
    const transaction = (await db()).transaction(store, mode);
    // Listen before any request runs: `complete` must not fire unobserved.
    const finished = new Promise<void>((resolve, reject) => {
      transaction.oncomplete = () => resolve();
      transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
      transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
    });
    finished.catch(() => {}); // observed below; this only keeps a failed `work` from leaving it unhandled
    const result = await work(transaction.objectStore(store));
    await finished;
    return result;
  }
  return {
    get: (key) => run('readonly', (objects) => settle(objects.get(key) as IDBRequest<V | undefined>)),
    set: async (key, value) => {
      await run('readwrite', (objects) => settle(objects.put(value, key)));
    },
    delete: async (key) => {
      await run('readwrite', (objects) => settle(objects.delete(key)));
    },
    entries: () =>
      run('readonly', async (objects) => {
        // Both requests in one transaction, issued together: getAllKeys and getAll walk the store in the same order.
        const [keys, values] = await Promise.all([settle(objects.getAllKeys()), settle(objects.getAll() as IDBRequest<V[]>)]);
        return keys.map((key, i) => [String(key), values[i]] as [string, V]);
      }),
  };
}
