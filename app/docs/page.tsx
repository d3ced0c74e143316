// /docs: the HTTP API for people, rendered here from the OpenAPI document (no CDN, no script).
import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/app/_components/ui/badge";
import { Card } from "@/app/_components/ui/card";
import { openApiDocument } from "@/lib/openapi/document";

export const metadata: Metadata = { title: "API documentation" };

const methodTone: Record<string, "blue" | "green" | "amber"> = { get: "blue", post: "green", patch: "amber" };

function Schema({ label, schema }: { label: string; schema: unknown }) {
  return (
    <details className="mt-2 rounded-lg border border-zinc-200 bg-zinc-50">
      <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-zinc-700 focus-visible:outline-2 focus-visible:outline-blue-600">
        {label}
      </summary>
      <pre className="overflow-x-auto border-t border-zinc-200 px-3 py-2 font-mono text-xs leading-relaxed text-zinc-800">
        {JSON.stringify(schema, null, 2)}
      </pre>
    </details>
  );
}

export default function DocsPage() {
  const document = openApiDocument();
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
  );
  return (
    <article className="space-y-6">
      <header>
        <h1 className="text-3xl font-bold tracking-tight text-zinc-950">{document.info.title}</h1>
        <p className="mt-2 max-w-3xl text-zinc-600">{document.info.description}</p>
        <p className="mt-2 text-sm text-zinc-600">
          Machine-readable:{" "}
          <Link className="font-medium text-blue-700 underline" href="/api/openapi.json">
            /api/openapi.json
          </Link>{" "}
          (OpenAPI {document.openapi}).
        </p>
      </header>
      <nav aria-label="Endpoints" className="flex flex-wrap gap-2 text-sm">
        {operations.map(({ path, method }) => (
          <a
            key={`${method} ${path}`}
            href={`#${method}-${path}`}
            className="rounded-md bg-white px-2 py-1 font-mono ring-1 ring-zinc-200 hover:bg-zinc-100"
          >
            {method.toUpperCase()} {path}
          </a>
        ))}
      </nav>
      {operations.map(({ path, method, operation }) => (
        <Card key={`${method} ${path}`} id={`${method}-${path}`} className="scroll-mt-20 p-5">
          <h2 className="flex flex-wrap items-center gap-3 font-mono text-base font-semibold text-zinc-950">
            <Badge tone={methodTone[method] ?? "neutral"}>{method.toUpperCase()}</Badge>
            {path}
          </h2>
          <p className="mt-2 text-zinc-800">{operation.summary}</p>
          <p className="mt-1 text-sm text-zinc-600">{operation.description}</p>
          {operation.parameters?.length ? (
            <p className="mt-2 text-sm text-zinc-600">
              Parameters: {operation.parameters.map((p) => `${p.name} (${p.in})`).join(", ")}
            </p>
          ) : null}
          {operation.requestBody ? (
            <Schema label="Request body (JSON)" schema={operation.requestBody.content["application/json"]?.schema} />
          ) : null}
          <ul className="mt-3 space-y-1 text-sm">
            {Object.entries(operation.responses).map(([status, response]) => (
              <li key={status}>
                <span
                  className={`font-mono font-semibold ${Number(status) < 300 ? "text-emerald-700" : "text-rose-700"}`}
                >
                  {status}
                </span>{" "}
                <span className="text-zinc-700">{response.description.replaceAll("`", "")}</span>
                {Number(status) < 300 && response.content["application/json"]?.schema ? (
                  <Schema label="Response body" schema={response.content["application/json"]?.schema} />
                ) : null}
              </li>
            ))}
          </ul>
        </Card>
      ))}
      <Schema label="Error shape and the schemas the endpoints share" schema={document.components.schemas} />
    </article>
  );
}
