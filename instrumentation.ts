export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // First, before any request is read: X-Forwarded-For always ends with the socket's peer (lib/http/client-ip.ts).
  const { installSocketAddressStamp } = await import("./lib/http/stamp-socket-address");
  installSocketAddressStamp();
  // Counts accepted requests so SIGTERM can drain them (lib/boot).
  const { installServerDrain } = await import("./lib/http/server-drain");
  installServerDrain();
  const { boot } = await import("./lib/boot");
  await boot();
}
