/** A shell command, one argument per line, that wraps inside its card instead of running past the edge. */
export function CurlExample({ lines }: { lines: string[] }) {
  return (
    <pre
      tabIndex={0}
      className="mt-2 overflow-x-auto whitespace-pre-wrap rounded bg-zinc-100 p-2 font-mono text-xs [overflow-wrap:anywhere] dark:bg-zinc-800"
    >
      <code>{lines.join(" \\\n  ")}</code>
    </pre>
  );
}
