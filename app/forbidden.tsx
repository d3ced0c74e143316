import Link from "next/link";

export const metadata = { title: "Not allowed" };

export default function Forbidden() {
  return (
    <section className="mx-auto max-w-lg py-16 text-center">
      <p className="text-sm font-semibold uppercase tracking-wide text-red-700">403 · Not allowed</p>
      <h1 className="mt-2 text-2xl font-bold tracking-tight text-zinc-950">This page is for admins only</h1>
      <p className="mt-3 text-zinc-600">You are signed in, but your account does not have the admin role.</p>
      <Link
        href="/"
        className="mt-6 inline-flex rounded-md bg-zinc-900 px-4 py-2 text-sm font-semibold text-white hover:bg-zinc-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
      >
        Back to the shop
      </Link>
    </section>
  );
}
