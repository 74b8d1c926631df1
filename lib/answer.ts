// An HTTP answer before it is bound to a server API: status, headers and a body that is nothing, bytes, or a node
// stream with its bookkeeping. The proxy core and the route wrapper produce it once; two sinks send it —
// `answerToResponse` (a Web Response: Next.js route handlers, the API console, tools) and `writeAnswer` (a
// node:http ServerResponse: the dedicated listener, no Web streams in between). Both stream with backpressure and
// report exactly once how the body ended, so the summary a proxied request emits is the same either way.
import { validateHeaderValue, type ServerResponse } from "node:http";
import type { Readable } from "node:stream";

/** Lower-case names; an array is a header sent several times (Set-Cookie). */
export type TAnswerHeaders = Record<string, string | string[]>;

export type TStreamEnd =
  /** the source ended: every byte was handed to the sink */
  | "end"
  /** the source failed mid-way (the provider's connection broke) */
  | "error"
  /** the caller went away first */
  | "cancel";

export type TStreamBody = {
  source: Readable;
  /** bytes handed to the sink, per chunk */
  onChunk?: (bytes: number) => void;
  /** called once */
  onEnd?: (how: TStreamEnd) => void;
};

export type TAnswer = {
  status: number;
  headers: TAnswerHeaders;
  body: null | string | Uint8Array | TStreamBody;
};

const isStream = (b: TAnswer["body"]): b is TStreamBody =>
  b !== null && typeof b === "object" && !(b instanceof Uint8Array);

/** Sets a header (name lower-cased), replacing any value it had. */
export function setAnswerHeader(answer: TAnswer, name: string, value: string): void {
  answer.headers[name.toLowerCase()] = value;
}

/** An answer of our own: JSON, not cached. */
export function jsonAnswer(status: number, body: unknown, headers: TAnswerHeaders = {}): TAnswer {
  const out: TAnswerHeaders = { "content-type": "application/json" };
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return { status, headers: out, body: JSON.stringify(body) };
}

/** The Web sink. A header value Headers refuses is dropped rather than failing the answer. */
export function answerToResponse(answer: TAnswer): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(answer.headers)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      try {
        headers.append(name, v);
      } catch {
        // dropped (see above)
      }
    }
  }
  const { status, body } = answer;
  if (!isStream(body)) return new Response(body as BodyInit | null, { status, headers });
  return new Response(webStream(body), { status, headers });
}

function webStream(body: TStreamBody): ReadableStream<Uint8Array> {
  const { source } = body;
  const iterator: AsyncIterator<Buffer> = (source as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  let ended = false;
  const end = (how: TStreamEnd) => {
    if (ended) return;
    ended = true;
    body.onEnd?.(how);
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next: IteratorResult<Buffer> = await iterator.next();
        if (next.done) {
          end("end");
          controller.close();
          return;
        }
        const value = next.value;
        body.onChunk?.(value.byteLength);
        controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      } catch (err) {
        end("error");
        controller.error(err);
      }
    },
    cancel() {
      source.destroy();
      end("cancel");
    },
  });
}

/**
 * The node sink: `base` headers first (security headers), the answer's over them. Resolves when the body is out
 * or the caller went away; rejects when the source failed mid-way (the response is destroyed by then).
 */
export function writeAnswer(res: ServerResponse, answer: TAnswer, base: TAnswerHeaders = {}): Promise<void> {
  const headers: TAnswerHeaders = { ...base };
  for (const name in answer.headers) {
    const value = answer.headers[name]!;
    try {
      if (Array.isArray(value)) for (const v of value) validateHeaderValue(name, v);
      else validateHeaderValue(name, value);
      headers[name] = value;
    } catch {
      // a value node refuses is dropped rather than failing the answer (as answerToResponse does)
    }
  }
  const { body } = answer;
  if (!isStream(body)) {
    if (body !== null && headers["content-length"] === undefined)
      headers["content-length"] = String(Buffer.byteLength(body));
    res.writeHead(answer.status, headers);
    res.end(body ?? undefined);
    return Promise.resolve();
  }
  res.writeHead(answer.status, headers);
  return pump(body, res);
}

function pump(body: TStreamBody, res: ServerResponse): Promise<void> {
  const { source } = body;
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (how: TStreamEnd, err?: unknown) => {
      if (settled) return;
      settled = true;
      source.off("data", onData);
      res.off("drain", onDrain);
      body.onEnd?.(how);
      if (how === "error") reject(err instanceof Error ? err : new Error(String(err)));
      else resolve();
    };
    const onData = (chunk: Buffer) => {
      body.onChunk?.(chunk.byteLength);
      if (!res.write(chunk)) source.pause();
    };
    const onDrain = () => source.resume();
    source.on("data", onData);
    res.on("drain", onDrain);
    source.once("end", () => {
      res.end();
      settle("end");
    });
    // `on`, not `once`: an error after the answer settled must still find a listener (or it would be thrown).
    source.on("error", (err) => {
      res.destroy();
      settle("error", err);
    });
    const gone = () => {
      if (settled) return;
      source.destroy();
      settle("cancel");
    };
    res.once("close", gone);
    res.on("error", gone);
  });
}
