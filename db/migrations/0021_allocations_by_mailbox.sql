-- Per-shopper limits count the canonical mailbox (canonical_mailbox, db/routines): each product's
-- allocations of one mailbox become one row keyed by it, their quantities summed.
CREATE TEMP TABLE merged_allocations AS
  SELECT product_id, canonical_mailbox(customer_email) AS mailbox, sum(quantity)::integer AS quantity
    FROM customer_allocations
   GROUP BY 1, 2;
--> statement-breakpoint
DELETE FROM customer_allocations;
--> statement-breakpoint
INSERT INTO customer_allocations (product_id, customer_email, mailbox, quantity)
SELECT product_id, mailbox, mailbox, quantity FROM merged_allocations;
--> statement-breakpoint
DROP TABLE merged_allocations;
--> statement-breakpoint
-- Waiting-room tickets belong to the canonical mailbox too. Where several tickets of a product share one,
-- the ticket already under it (or else the earliest) takes it; the others keep the address they joined with.
UPDATE tickets t SET shopper = canonical_mailbox(t.shopper)
 WHERE t.shopper <> canonical_mailbox(t.shopper)
   AND NOT EXISTS (SELECT 1 FROM tickets o
                    WHERE o.product_id = t.product_id AND o.id <> t.id
                      AND canonical_mailbox(o.shopper) = canonical_mailbox(t.shopper)
                      AND (o.shopper = canonical_mailbox(o.shopper) OR o.seq < t.seq));
