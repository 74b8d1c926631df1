/** A shell command that wraps inside its card instead of running past the edge. */
export function CurlExample({ command }: { command: string }) {
  return (
    <pre className="mt-2 whitespace-pre-wrap break-all rounded bg-zinc-100 p-2 font-mono text-xs dark:bg-zinc-800">
      <code>{command}</code>
    </pre>
  );
}
