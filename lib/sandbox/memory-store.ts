// In-memory storage for oidc-provider, one per server. oidc-provider's built-in adapter is one LRU shared by every
// Provider in the process (and it evicts); this one keeps each Sandbox server isolated and keeps what it stores
// until it expires.
import type { Adapter, AdapterFactory, AdapterPayload } from "oidc-provider";

type StoredEntry = { model: string; payload: AdapterPayload; expiresAt: number | undefined };

export class MemoryStore {
  readonly #entries = new Map<string, StoredEntry>();

  #key(model: string, id: string): string {
    return `${model}:${id}`;
  }

  #live(key: string): StoredEntry | undefined {
    const entry = this.#entries.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  #findBy(model: string, field: "uid" | "userCode", value: string): AdapterPayload | undefined {
    for (const [key, entry] of this.#entries) {
      if (entry.model === model && entry.payload[field] === value && this.#live(key)) {
        return structuredClone(entry.payload);
      }
    }
    return undefined;
  }

  /** oidc-provider's `adapter` option. Every operation completes synchronously (the promise is already settled). */
  readonly adapter: AdapterFactory = (model: string): Adapter => ({
    upsert: (id, payload, expiresIn) => {
      const expiresAt = typeof expiresIn === "number" ? Date.now() + expiresIn * 1000 : undefined;
      this.#entries.set(this.#key(model, id), { model, payload: structuredClone(payload), expiresAt });
      return Promise.resolve();
    },
    find: (id) => {
      const entry = this.#live(this.#key(model, id));
      return Promise.resolve(entry ? structuredClone(entry.payload) : undefined);
    },
    findByUid: (uid) => Promise.resolve(this.#findBy(model, "uid", uid)),
    findByUserCode: (userCode) => Promise.resolve(this.#findBy(model, "userCode", userCode)),
    consume: (id) => {
      const entry = this.#live(this.#key(model, id));
      if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
      return Promise.resolve();
    },
    destroy: (id) => {
      this.#entries.delete(this.#key(model, id));
      return Promise.resolve();
    },
    revokeByGrantId: (grantId) => {
      for (const [key, entry] of this.#entries) {
        if (entry.model === model && entry.payload.grantId === grantId) this.#entries.delete(key);
      }
      return Promise.resolve();
    },
  });
}
