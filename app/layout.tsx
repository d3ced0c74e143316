import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Flash Sale", template: "%s · Flash Sale" },
  description: "Limited stock, short windows, honest answers.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-zinc-50 font-sans text-zinc-900 antialiased">{children}</body>
    </html>
  );
}
