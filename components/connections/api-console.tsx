"use client";

import { useState, useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Badge, Card } from "@/components/ui/card";
import { sendConsoleRequestAction } from "@/lib/proxy/actions";
import type { TConsoleResult } from "@/lib/proxy/console-request";

/** "API console": a GET through the proxy with this connection's credentials; shows what came back. */
export function ApiConsole({
  connectionId,
  defaultPath = "/",
}: {
  connectionId: string;
  defaultPath?: string;
}) {
  const [path, setPath] = useState(defaultPath);
  const [result, setResult] = useState<TConsoleResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  const send = (e: FormEvent) => {
    e.preventDefault();
    start(async () => {
      const res = await sendConsoleRequestAction({ id: connectionId, path });
      if (res.ok) {
        setResult(res.data);
        setError(null);
      } else {
        setResult(null);
        setError(res.error.message);
      }
    });
  };

  const ok = result !== null && result.status >= 200 && result.status < 300;
  return (
    <Card>
      <h2 className="mb-1 font-medium">API console</h2>
      <p className="mb-3 text-sm text-zinc-500">
        Send a GET request to the provider&apos;s API with this connection&apos;s credentials. The path is
        relative to the provider&apos;s API base URL.
      </p>
      <form onSubmit={send} className="flex flex-wrap items-end gap-2" aria-label="API console">
        <label className="flex min-w-0 flex-1 flex-col gap-1 text-sm">
          <span className="font-medium">Path</span>
          <span className="flex items-center gap-2">
            <span className="rounded bg-zinc-100 px-2 py-1.5 font-mono text-xs dark:bg-zinc-800">GET</span>
            <input
              name="path"
              aria-label="Request path"
              value={path}
              onChange={(e) => setPath(e.target.value)}
              className="min-w-0 flex-1 rounded-md border border-zinc-300 px-2 py-1.5 font-mono text-sm dark:border-zinc-700 dark:bg-zinc-950"
              placeholder="/me"
              spellCheck={false}
              required
            />
          </span>
        </label>
        <Button type="submit" disabled={pending}>
          {pending ? "Sending…" : "Send"}
        </Button>
      </form>
      {error ? (
        <p role="alert" className="mt-3 text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      {result ? (
        <div className="mt-4 space-y-3" data-testid="api-console-result">
          <p className="flex flex-wrap items-center gap-2 text-sm">
            <span>Status</span>
            <Badge tone={ok ? "green" : "red"}>
              <span data-testid="api-console-status">{result.status}</span>
            </Badge>
            <span className="text-zinc-500">
              {result.from === "patchbay"
                ? "answered by Patchbay (the request did not reach the provider)"
                : "from the provider"}{" "}
              · {result.ms} ms
            </span>
          </p>
          <details>
            <summary className="cursor-pointer text-sm font-medium">
              Response headers ({result.headers.length})
            </summary>
            <dl
              className="mt-2 grid grid-cols-[minmax(8rem,auto)_1fr] gap-x-3 gap-y-1 font-mono text-xs"
              data-testid="api-console-headers"
            >
              {result.headers.map(([name, value]) => (
                <div key={name} className="contents">
                  <dt className="text-zinc-500">{name}</dt>
                  <dd className="break-all">{value}</dd>
                </div>
              ))}
            </dl>
          </details>
          <div>
            <p className="mb-1 text-sm font-medium">
              Body{result.truncated ? " (first 64 KB only)" : result.json ? " (JSON)" : ""}
            </p>
            <pre
              className="max-h-96 overflow-auto rounded-md bg-zinc-50 p-3 font-mono text-xs dark:bg-zinc-950"
              data-testid="api-console-body"
              tabIndex={0}
            >
              {result.body || "(empty)"}
            </pre>
          </div>
        </div>
      ) : null}
    </Card>
  );
}
