// What the hosted connect page's header and provider list look like with the partner's branding. Pure
// presentation: the Partner settings form renders it with the values being typed.
import { ProviderLogo } from "@/components/ui/provider-logo";

export type TProviderOption = { slug: string; name: string; logo: string };

export type TPreviewBranding = {
  displayName: string;
  logoUrl: string;
  primaryColor: string;
  backgroundColor: string;
  supportUrl: string;
};

const HEX = /^#[0-9a-fA-F]{6}$/;
const safeColor = (c: string, fallback: string) => (HEX.test(c) ? c : fallback);
const httpsUrl = (s: string) => {
  try {
    return new URL(s).protocol === "https:" ? s : null;
  } catch {
    return null;
  }
};

/** Black or white text, whichever reads better on `hex` (WCAG relative luminance). */
function textOn(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const l = 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  return l > 0.4 ? "#111111" : "#ffffff";
}

export function ConnectPreview({
  branding,
  providers,
}: {
  branding: TPreviewBranding;
  providers: TProviderOption[];
}) {
  const primary = safeColor(branding.primaryColor, "#4f46e5");
  const background = safeColor(branding.backgroundColor, "#ffffff");
  const fg = textOn(background);
  const logo = httpsUrl(branding.logoUrl);
  const name = branding.displayName.trim() || "Your product";
  return (
    <figure aria-label="Preview of the hosted connect page" data-testid="connect-preview">
      <div
        className="overflow-hidden rounded-lg border border-zinc-200 shadow-sm dark:border-zinc-700"
        style={{ backgroundColor: background, color: fg }}
      >
        <div className="flex items-center gap-3 border-b px-5 py-4" style={{ borderColor: `${fg}22` }}>
          {logo ? (
            <img
              src={logo}
              alt={`${name} logo`}
              width={32}
              height={32}
              className="h-8 w-8 rounded object-contain"
            />
          ) : (
            <span
              aria-hidden
              className="grid h-8 w-8 place-items-center rounded text-sm font-bold"
              style={{ backgroundColor: primary, color: textOn(primary) }}
            >
              {name.slice(0, 1).toUpperCase()}
            </span>
          )}
          <span className="font-semibold" data-testid="preview-name">
            {name}
          </span>
        </div>
        <div className="space-y-3 px-5 py-4">
          <p className="text-sm font-medium">Connect your accounts to {name}</p>
          <ul className="space-y-2">
            {providers.map((p) => (
              <li
                key={p.slug}
                className="flex items-center justify-between gap-3 rounded-md border px-3 py-2"
                style={{ borderColor: `${fg}22` }}
              >
                <span className="flex items-center gap-2 text-sm">
                  <ProviderLogo src={p.logo} name={p.name} size={20} />
                  {p.name}
                </span>
                <span
                  className="rounded-md px-2.5 py-1 text-xs font-medium"
                  data-testid="preview-connect-button"
                  style={{ backgroundColor: primary, color: textOn(primary) }}
                >
                  Connect
                </span>
              </li>
            ))}
          </ul>
          {httpsUrl(branding.supportUrl) ? (
            <p className="text-xs opacity-75">
              Need help? <span className="underline">Contact {name} support</span>
            </p>
          ) : null}
        </div>
      </div>
      <figcaption className="mt-2 text-xs text-zinc-500">
        Preview: the header and provider list your users see at a connect link.
      </figcaption>
    </figure>
  );
}
