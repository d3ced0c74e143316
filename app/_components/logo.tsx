// The shop's mark: a lightning bolt on a dark tile (the same drawing as app/icon.svg).
export function LogoMark({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" className={className} aria-hidden="true">
      <rect width="32" height="32" rx="8" fill="#18181b" />
      <path d="M18.5 4 8 18h7l-1.5 10L24 14h-7l1.5-10Z" fill="#fbbf24" />
    </svg>
  );
}
