import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import { AccountLinks } from "./_components/account/account-links";
import { SiteHeader } from "./_components/site-header";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Flash Sale", template: "%s · Flash Sale" },
  description: "Limited stock, short windows, honest answers.",
};

export const viewport: Viewport = { themeColor: "#18181b", width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page carries a per-request script nonce (proxy.ts), so none can be prerendered.
  await connection();
  return (
    <html lang="en">
      <body className="flex min-h-screen flex-col bg-zinc-50 font-sans text-zinc-900 antialiased">
        <a
          href="#main"
          className="sr-only z-30 rounded-md bg-white px-3 py-2 text-sm font-semibold shadow focus:not-sr-only focus:fixed focus:left-3 focus:top-3"
        >
          Skip to content
        </a>
        <SiteHeader account={<AccountLinks />} />
        <Providers>
          <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 sm:px-6 sm:py-10">
            {children}
          </main>
        </Providers>
        <footer className="border-t border-zinc-200 bg-white">
          <div className="mx-auto flex max-w-6xl flex-col gap-1 px-4 py-6 text-xs text-zinc-500 sm:flex-row sm:justify-between sm:px-6">
            <p>Flash Sale: limited stock, short windows.</p>
            <p>Units are held for you for a short time at checkout; unconfirmed holds go back on sale.</p>
          </div>
        </footer>
      </body>
    </html>
  );
}
