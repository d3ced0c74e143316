import { listProducts } from "@/lib/products/queries";

export const dynamic = "force-dynamic";

export default async function StorefrontPage() {
  const products = await listProducts();
  return (
    <main className="mx-auto max-w-5xl p-6">
      <h1 className="text-2xl font-semibold">Flash Sale</h1>
      <ul className="mt-6 grid gap-4 sm:grid-cols-2">
        {products.map((p) => (
          <li key={p.id} className="rounded-lg border border-zinc-200 bg-white p-4">
            <h2 className="font-medium">{p.name}</h2>
            <p className="text-sm text-zinc-600">
              {p.status} · {p.available} / {p.totalStock} available
            </p>
          </li>
        ))}
      </ul>
    </main>
  );
}
