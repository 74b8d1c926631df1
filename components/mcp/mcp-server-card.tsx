"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import type { TMcpClientConfig } from "@/lib/mcp/client-config";

function CopyButton({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      variant="secondary"
      aria-label={label}
      onClick={() => {
        void navigator.clipboard?.writeText(value).then(() => setCopied(true));
      }}
    >
      {copied ? "Copied" : "Copy"}
    </Button>
  );
}

/** API keys → MCP server: the endpoint, copyable client configurations (placeholders, never a key) and the tools. */
export function McpServerCard({
  serverUrl,
  configs,
  tools,
}: {
  serverUrl: string;
  configs: TMcpClientConfig[];
  tools: { name: string; scope: string; summary: string }[];
}) {
  return (
    <Card className="mt-6">
      <section id="mcp" aria-labelledby="mcp-heading" className="space-y-4">
        <div>
          <h2 id="mcp-heading" className="text-base font-semibold">
            MCP server
          </h2>
          <p className="mt-1 text-sm text-zinc-500">
            Agents use this team&apos;s connections through the Model Context Protocol (Streamable HTTP). They
            authenticate with an API key from above; each tool needs the scope shown. Partners add{" "}
            <code className="font-mono text-xs">X-Account-Id: &lt;external id&gt;</code> to act for one
            connected account.
          </p>
        </div>
        <div className="flex gap-2">
          <input
            readOnly
            value={serverUrl}
            aria-label="MCP server URL"
            onFocus={(e) => e.currentTarget.select()}
            className="w-full rounded-md border border-zinc-300 bg-white px-2 py-1 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-900"
          />
          <CopyButton value={serverUrl} label="Copy MCP server URL" />
        </div>
        {configs.map((c) => (
          <div key={c.id} className="space-y-1" data-testid={`mcp-config-${c.id}`}>
            <div className="flex items-end justify-between gap-2">
              <div>
                <h3 className="text-sm font-medium">{c.title}</h3>
                <p className="text-xs text-zinc-500">{c.where}</p>
              </div>
              <CopyButton value={c.text} label={`Copy ${c.title}`} />
            </div>
            <pre
              aria-label={c.title}
              className="overflow-x-auto rounded-md bg-zinc-100 p-3 font-mono text-xs dark:bg-zinc-950"
            >
              {c.text}
            </pre>
          </div>
        ))}
        <p className="text-xs text-zinc-500">
          Replace the placeholder with a key; keep it out of shared repositories (an environment variable
          works in most clients).
        </p>
        <table className="w-full text-left text-sm">
          <caption className="sr-only">MCP tools and the scope each needs</caption>
          <thead className="text-xs text-zinc-500">
            <tr>
              <th className="py-1 font-medium">Tool</th>
              <th className="py-1 font-medium">Scope</th>
              <th className="py-1 font-medium">What it does</th>
            </tr>
          </thead>
          <tbody>
            {tools.map((t) => (
              <tr key={t.name} className="border-t border-zinc-100 dark:border-zinc-800">
                <td className="py-1 font-mono text-xs">{t.name}</td>
                <td className="py-1 font-mono text-xs">{t.scope}</td>
                <td className="py-1 text-zinc-600 dark:text-zinc-400">{t.summary}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </Card>
  );
}
