// The storefront: every sale, rendered on the server and kept live on the client.
import { listProducts } from "@/lib/products/queries";
import { Storefront } from "@/app/_components/storefront";

export const dynamic = "force-dynamic";

export default async function StorefrontPage() {
  const products = await listProducts();
  const serverTime = new Date().toISOString();
  return (
    <div className="space-y-10">
      <div className="max-w-2xl">
        <h1 className="text-3xl font-bold tracking-tight text-zinc-950 sm:text-4xl">Flash Sale</h1>
        <p className="mt-3 text-base text-zinc-600">
          Limited stock at a flash price, for a short window. Press Buy and your units are held while you check out;
          figures on this page update by themselves.
        </p>
      </div>
      <Storefront initial={{ products, serverTime }} />
    </div>
  );
}
