// A minimal cookie jar (name + path aware) so the devInteractions pages can be driven with plain fetch.
export class CookieJar {
  readonly #cookies = new Map<string, { value: string; path: string }>();

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";").map((part) => part.trim());
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const path = attributes.find((a) => a.toLowerCase().startsWith("path="))?.slice(5) ?? "/";
      const expires = attributes.find((a) => a.toLowerCase().startsWith("expires="))?.slice(8);
      const expired = value === "" || (expires !== undefined && Date.parse(expires) <= Date.now());
      if (expired) this.#cookies.delete(name);
      else this.#cookies.set(name, { value, path });
    }
  }

  header(url: URL): string {
    return [...this.#cookies]
      .filter(([, cookie]) => url.pathname.startsWith(cookie.path))
      .map(([name, cookie]) => `${name}=${cookie.value}`)
      .join("; ");
  }
}

/**
 * Plays the user's browser at an oidc-provider: follows redirects from `start`, signs in as `login` and consents,
 * until a redirect leaves for `stopAt` (our callback). Returns that URL without requesting it.
 */
export async function consentAtProvider(
  start: string,
  login: string,
  stopAt: string,
  jar = new CookieJar(),
  /** Collects every provider page seen (login, consent), for tests that inspect them. */
  pages?: string[],
): Promise<URL> {
  let next: { url: URL; form?: URLSearchParams } = { url: new URL(start) };
  for (let step = 0; step < 12; step += 1) {
    const response = await fetch(next.url, {
      method: next.form ? "POST" : "GET",
      redirect: "manual",
      headers: {
        cookie: jar.header(next.url),
        ...(next.form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      },
      ...(next.form ? { body: next.form.toString() } : {}),
    });
    jar.store(response);
    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location) {
      const target = new URL(location, next.url);
      if (target.href.startsWith(stopAt)) return target;
      next = { url: target };
      continue;
    }
    const html = await response.text();
    pages?.push(html);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const promptName = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    if (response.status !== 200 || !action || !promptName)
      throw new Error(`unexpected provider page (${response.status}): ${html.slice(0, 300)}`);
    const form = new URLSearchParams({ prompt: promptName });
    if (promptName === "login") {
      form.set("login", login);
      form.set("password", "any-password");
    }
    next = { url: new URL(action.replace(/&amp;/g, "&"), next.url), form };
  }
  throw new Error("the provider flow did not reach the redirect URI");
}
