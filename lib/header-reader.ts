// The read-only view of request headers that the proxy and the route wrapper need: a Web `Headers` satisfies it
// as it is, and `nodeHeaders` gives the same view over a node:http request's header object without copying it —
// so the dedicated listener (lib/listener) can hand a node request to the same code without building a Headers.
// The node view answers exactly what a Headers built from that object would (the listener used to build one):
// lower-case names, a repeated header joined with ", ", Set-Cookie values one by one in forEach.
import type { IncomingHttpHeaders } from "node:http";

export type THeaderReader = {
  get(name: string): string | null;
  has(name: string): boolean;
  forEach(callback: (value: string, name: string) => void): void;
};

class NodeHeaderView implements THeaderReader {
  constructor(private readonly raw: IncomingHttpHeaders) {}

  get(name: string): string | null {
    const v = this.raw[name.toLowerCase()];
    if (v === undefined) return null;
    return Array.isArray(v) ? v.join(", ") : v;
  }

  has(name: string): boolean {
    return this.raw[name.toLowerCase()] !== undefined;
  }

  forEach(callback: (value: string, name: string) => void): void {
    for (const name in this.raw) {
      const v = this.raw[name];
      if (v === undefined) continue;
      if (Array.isArray(v)) {
        if (name === "set-cookie") for (const one of v) callback(one, name);
        else callback(v.join(", "), name);
      } else callback(v, name);
    }
  }
}

/** node:http's `req.headers` (names already lower-case) as a THeaderReader. */
export function nodeHeaders(raw: IncomingHttpHeaders): THeaderReader {
  return new NodeHeaderView(raw);
}
