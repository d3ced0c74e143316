// A separate app process for the waiting-room tests: joins a product's waiting room for the given
// shoppers all at once through joinQueue (its own pool), and prints each shopper's ticket as JSON.
import { GUEST } from "@/lib/actor";
import { closeDb } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { joinQueue } from "@/lib/queue/join-queue";

const [productId, emailsJson] = process.argv.slice(2);
const emails = JSON.parse(emailsJson!) as string[];
const results = await Promise.allSettled(emails.map((email) => joinQueue(productId!, { email }, GUEST)));
const tickets: Record<string, { id: string; created: boolean } | string> = {};
results.forEach((r, i) => {
  tickets[emails[i]!] =
    r.status === "fulfilled"
      ? { id: r.value.ticket.id, created: r.value.created }
      : r.reason instanceof DomainError
        ? r.reason.code
        : String(r.reason);
});
await closeDb();
console.log(JSON.stringify(tickets));
