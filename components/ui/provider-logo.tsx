// Tiny local SVG logos: a plain <img> (next/image would add nothing for them).
export function ProviderLogo({ src, name, size = 32 }: { src: string; name: string; size?: number }) {
  return <img src={src} alt={`${name} logo`} width={size} height={size} className="shrink-0 rounded-md" />;
}
