/* eslint-disable @next/next/no-img-element -- tiny local SVGs; next/image adds nothing here */
export function ProviderLogo({ src, name, size = 32 }: { src: string; name: string; size?: number }) {
  return <img src={src} alt={`${name} logo`} width={size} height={size} className="shrink-0 rounded-md" />;
}
