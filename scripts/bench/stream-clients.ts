// Stream clients for the benchmark, in a process of their own (forked by stream-path.ts) so that
// reading thousands of streams does not distort the load generator's timing, nor it theirs. Opens
// `count` GET /api/stream connections, each from its own address (X-Forwarded-For: the app trusts
// one proxy hop), and records when each client receives each stock value of one product.
// Messages from the parent: `{ type: "watch", productId }` starts recording, `{ type: "report" }`
// answers with what each client received, `{ type: "close" }` ends every stream and exits.
import http from "node:http";

export type StreamClientsReport = {
  type: "report";
  open: number;
  /** Per client: the product's values and the wall-clock times (ms) they arrived, flattened [v, t, v, t, ...]. */
  received: number[][];
};
export type StreamClientsReady = { type: "ready"; open: number; refused: Record<string, number> };

const [base, countArg] = process.argv.slice(2);
const count = Number(countArg);
const OPENING_AT_ONCE = 100;
const now = () => performance.timeOrigin + performance.now();

let watched: string | undefined;
const received: number[][] = Array.from({ length: count }, () => []);
const requests: http.ClientRequest[] = [];
let open = 0;
const refused: Record<string, number> = {};

/** A distinct address per client: 10.x.y.z. */
const addressOf = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

function connect(i: number): Promise<void> {
  return new Promise((resolve) => {
    const request = http.get(
      `${base}/api/stream`,
      { agent: false, headers: { accept: "text/event-stream", "x-forwarded-for": addressOf(i + 1) } },
      (response) => {
        if (response.statusCode !== 200) {
          refused[String(response.statusCode)] = (refused[String(response.statusCode)] ?? 0) + 1;
          response.resume();
          return resolve();
        }
        open++;
        response.setEncoding("utf8");
        let buffer = "";
        let first = true;
        response.on("data", (text: string) => {
          const at = now();
          buffer += text;
          let end = buffer.indexOf("\n\n");
          while (end >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (watched && block.startsWith("event: stock\n")) {
              const data = JSON.parse(block.slice(block.indexOf("data: ") + 6)) as {
                productId: string;
                available: number;
              };
              if (data.productId === watched) received[i]!.push(data.available, at);
            }
            end = buffer.indexOf("\n\n");
          }
          // Resolved once the first write (the current stock) has arrived: the client is subscribed.
          if (first) {
            first = false;
            resolve();
          }
        });
        response.on("close", () => {
          open--;
        });
      },
    );
    request.on("error", (error) => {
      refused[error.message] = (refused[error.message] ?? 0) + 1;
      resolve();
    });
    requests.push(request);
  });
}

let next = 0;
await Promise.all(
  Array.from({ length: OPENING_AT_ONCE }, async () => {
    while (next < count) await connect(next++);
  }),
);
process.send!({ type: "ready", open, refused } satisfies StreamClientsReady);

process.on("message", (message: { type: string; productId?: string }) => {
  if (message.type === "watch") {
    watched = message.productId;
    for (const list of received) list.length = 0;
  } else if (message.type === "report") {
    process.send!({ type: "report", open, received } satisfies StreamClientsReport);
  } else if (message.type === "close") {
    for (const request of requests) request.destroy();
    process.disconnect();
    process.exit(0);
  }
});
