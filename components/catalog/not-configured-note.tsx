import Link from "next/link";

/**
 * Beside a disabled Connect button: why it is disabled, and for admins where to fix it (the Providers page,
 * scrolled to that provider's row).
 */
export function NotConfiguredNote({ slug, name, admin }: { slug: string; name: string; admin: boolean }) {
  return (
    <p id={`not-configured-${slug}`} className="text-xs text-amber-800 dark:text-amber-300">
      Not connectable yet: {name} needs an OAuth app (client id and secret).{" "}
      {admin ? (
        <Link href={`/providers#provider-app-${slug}`} className="font-medium underline hover:no-underline">
          Set it up under Providers →
        </Link>
      ) : (
        "Ask a team admin to add it under Providers."
      )}
    </p>
  );
}
