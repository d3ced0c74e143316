-- Written by npm run db:routines: applies the current text of each routine below, copied from its
-- file in db/routines, where the current definition of every routine lives.
-- routine db/routines/place-holds.sql
-- place_holds(product, requests, ttl): places a batch of hold requests on one product under a single lock
-- of the product row and a single commit (a batch of one is the ordinary case; the app coalesces
-- concurrent requests for a product into one call, lib/inventory/hold-queue.ts). The batch and its
-- shoppers' allocations are read once under the lock, each request is decided in arrival order without a
-- statement of its own, then one statement each writes the allocations, the orders, the hold_created
-- events, the completed Idempotency-Key records and the stock. Each request gets one outcome: 'held' with
-- its order id, or 'insufficient_stock' | 'limit_exceeded' | 'sale_not_active' | 'not_found' |
-- 'admission_required'; every row also reports the units still available after the batch, so the caller
-- learns at once of a sell-out.
-- A product with a waiting room (admission 'queue') holds only for a request that names an admitted
-- ticket of its shopper and product (ticketId, mailbox), not yet lapsed; the ticket becomes used in the
-- hold's own transaction, so each ticket gives one hold ('admission_required' otherwise).
--
-- Invariants kept (numbered as in the design, section 3), all under the product row lock:
--   1 available >= 0: a request is held only if the units still left after earlier requests cover it.
--   2 available + pending + confirmed = total_stock: the decrement and the pending orders commit together.
--   3 ledger sum = available: each order's hold_created event (-quantity) commits with the decrement.
--   4 one hold_created per order, written with the order; an Idempotency-Key record completes in the
--     same transaction, so a retry after a crash finds the order or nothing, never a second hold.
--   5 per shopper (canonical mailbox) and product, pending + confirmed <= max_per_customer: allocations
--     are only ever written under this lock, so reading them here is exact; earlier requests of the
--     same batch count too.
--   6 the sale window is checked after the lock is held, and a hold never outlives the sale.
-- Lock order of every writer (orders, then products by id, then a waiting room's tickets, then
-- customer_allocations), so holds, confirms, cancels, the expiry sweep and the waiting rooms' ticks
-- (which lock queue rows and tickets, never a product row) never deadlock one another.
--
-- CREATE OR REPLACE cannot change a function's result columns, and a database migrated between the two
-- committed versions of migration 0010 has a place_holds without available_after: the function is
-- dropped and created (nothing depends on it; the migration's transaction makes the swap atomic).
DROP FUNCTION IF EXISTS place_holds(uuid, jsonb, integer);
--> statement-breakpoint
CREATE FUNCTION place_holds(p_product_id uuid, p_requests jsonb, p_ttl_seconds integer)
RETURNS TABLE (request_index integer, outcome text, order_id uuid, unit_price_cents integer,
               hold_expires_at timestamptz, created_at timestamptz, available_after integer)
LANGUAGE plpgsql
-- One generic plan per statement, made once per connection: with array parameters PostgreSQL
-- would otherwise re-plan every statement on every call, which cost more than running them.
SET plan_cache_mode = force_generic_plan
AS $$
#variable_conflict use_column
DECLARE
  v_product products%ROWTYPE;
  v_remaining integer;
  v_expires timestamptz;
  v_email text[];
  -- Each request's canonical mailbox (lib/users/canonical-mailbox.ts), which its limit and ticket count.
  v_mailbox text[];
  v_user uuid[];
  v_quantity integer[];
  v_had integer[];
  v_repeats boolean[];
  v_scope text[];
  v_key text[];
  v_outcome text[];
  v_order uuid[];
  -- Waiting room: each request's ticket, whether it may hold now, and the tickets used in this batch.
  v_ticket uuid[];
  v_admitted boolean[];
  v_used uuid[] := '{}';
  -- Units held in this batch so far, only for shoppers who appear more than once in it.
  v_batch_units jsonb := '{}';
  v_count integer;
  v_prior integer;
  i integer;
BEGIN
  SELECT * INTO v_product FROM products WHERE id = p_product_id FOR UPDATE;

  IF v_product.id IS NULL OR now() < v_product.sale_starts_at OR now() >= v_product.sale_ends_at THEN
    RETURN QUERY
      SELECT r.ordinality::integer,
             CASE WHEN v_product.id IS NULL THEN 'not_found' ELSE 'sale_not_active' END,
             NULL::uuid, NULL::integer, NULL::timestamptz, NULL::timestamptz, v_product.available
        FROM jsonb_array_elements(p_requests) WITH ORDINALITY AS r;
    RETURN;
  END IF;

  v_remaining := v_product.available;
  -- A hold never outlives the sale: confirming after the window is as dead as after expiry.
  v_expires := least(now() + make_interval(secs => p_ttl_seconds), v_product.sale_ends_at);

  SELECT array_agg(r.email ORDER BY r.idx), array_agg(r.mailbox ORDER BY r.idx), array_agg(r.user_id ORDER BY r.idx),
         array_agg(r.quantity ORDER BY r.idx),
         array_agg(coalesce(a.quantity, 0) ORDER BY r.idx), array_agg(r.repeats ORDER BY r.idx),
         array_agg(r.scope ORDER BY r.idx), array_agg(r.key ORDER BY r.idx)
    INTO v_email, v_mailbox, v_user, v_quantity, v_had, v_repeats, v_scope, v_key
    FROM (SELECT e.ordinality AS idx,
                 e.value->>'email' AS email,
                 e.value->>'mailbox' AS mailbox,
                 (e.value->>'userId')::uuid AS user_id,
                 (e.value->>'quantity')::integer AS quantity,
                 e.value->>'idempotencyScope' AS scope,
                 e.value->>'idempotencyKey' AS key,
                 count(*) OVER (PARTITION BY e.value->>'mailbox') > 1 AS repeats
            FROM jsonb_array_elements(p_requests) WITH ORDINALITY AS e) r
    LEFT JOIN customer_allocations a ON a.product_id = p_product_id AND a.mailbox = r.mailbox;

  v_count := coalesce(cardinality(v_quantity), 0);
  v_outcome := array_fill(NULL::text, ARRAY[v_count]);
  v_order := array_fill(NULL::uuid, ARRAY[v_count]);
  IF v_product.admission = 'queue' THEN
    -- The tickets are locked (after the product row), then read again: a tick lapsing one commits first
    -- or finds it used.
    PERFORM 1 FROM tickets t
     WHERE t.id IN (SELECT (e.value->>'ticketId')::uuid FROM jsonb_array_elements(p_requests) AS e)
     ORDER BY t.id
       FOR UPDATE;
    SELECT array_agg((e.value->>'ticketId')::uuid ORDER BY e.ordinality),
           array_agg(EXISTS (SELECT 1 FROM tickets t
                              WHERE t.id = (e.value->>'ticketId')::uuid AND t.product_id = p_product_id
                                AND t.shopper = e.value->>'mailbox' AND t.status = 'admitted'
                                AND t.admitted_until > now()) ORDER BY e.ordinality)
      INTO v_ticket, v_admitted
      FROM jsonb_array_elements(p_requests) WITH ORDINALITY AS e;
  END IF;
  FOR i IN 1..v_count LOOP
    v_prior := v_had[i];
    IF v_repeats[i] THEN
      v_prior := v_prior + coalesce((v_batch_units->>v_mailbox[i])::integer, 0);
    END IF;
    IF v_admitted IS NOT NULL AND (NOT v_admitted[i] OR v_ticket[i] = ANY(v_used)) THEN
      v_outcome[i] := 'admission_required';
    ELSIF v_quantity[i] > v_remaining THEN
      v_outcome[i] := 'insufficient_stock';
    ELSIF v_prior + v_quantity[i] > v_product.max_per_customer THEN
      v_outcome[i] := 'limit_exceeded';
    ELSE
      v_outcome[i] := 'held';
      v_order[i] := gen_random_uuid();
      v_remaining := v_remaining - v_quantity[i];
      IF v_admitted IS NOT NULL THEN
        v_used := v_used || v_ticket[i];
      END IF;
      IF v_repeats[i] THEN
        v_batch_units := v_batch_units || jsonb_build_object(v_mailbox[i], v_prior - v_had[i] + v_quantity[i]);
      END IF;
    END IF;
  END LOOP;

  IF v_remaining < v_product.available THEN
    INSERT INTO customer_allocations AS a (product_id, mailbox, quantity)
    SELECT p_product_id, t.mailbox, sum(t.quantity)
      FROM unnest(v_mailbox, v_quantity, v_order) AS t(mailbox, quantity, order_id)
     WHERE t.order_id IS NOT NULL
     GROUP BY t.mailbox
    ON CONFLICT (product_id, mailbox) DO UPDATE SET quantity = a.quantity + excluded.quantity;

    INSERT INTO orders (id, product_id, user_id, customer_email, quantity, unit_price_cents, hold_expires_at)
    SELECT t.order_id, p_product_id, t.user_id, t.email, t.quantity, v_product.price_cents, v_expires
      FROM unnest(v_order, v_user, v_email, v_quantity) AS t(order_id, user_id, email, quantity)
     WHERE t.order_id IS NOT NULL;

    INSERT INTO inventory_events (product_id, order_id, type, delta)
    SELECT p_product_id, t.order_id, 'hold_created', -t.quantity
      FROM unnest(v_order, v_quantity) AS t(order_id, quantity)
     WHERE t.order_id IS NOT NULL;

    -- The callers' Idempotency-Key records complete in the holds' own transaction.
    IF cardinality(array_remove(v_key, NULL)) > 0 THEN
      UPDATE idempotency_keys k SET state = 'completed', order_id = t.order_id, status_code = 201
        FROM unnest(v_scope, v_key, v_order) AS t(scope, key, order_id)
       WHERE t.order_id IS NOT NULL AND t.key IS NOT NULL AND k.scope = t.scope AND k.key = t.key;
    END IF;

    -- Each ticket that gave a hold is used, in the hold's transaction.
    IF cardinality(v_used) > 0 THEN
      UPDATE tickets t SET status = 'used', order_id = u.order_id, ended_at = now()
        FROM unnest(v_ticket, v_order) AS u(ticket_id, order_id)
       WHERE u.order_id IS NOT NULL AND t.id = u.ticket_id;
    END IF;

    UPDATE products SET available = v_remaining, updated_at = now() WHERE id = p_product_id;
  END IF;

  RETURN QUERY
    SELECT s.i::integer, v_outcome[s.i], v_order[s.i],
           CASE WHEN v_order[s.i] IS NULL THEN NULL ELSE v_product.price_cents END,
           CASE WHEN v_order[s.i] IS NULL THEN NULL ELSE v_expires END,
           CASE WHEN v_order[s.i] IS NULL THEN NULL ELSE now() END,
           v_remaining
      FROM generate_series(1, v_count) AS s(i);
END
$$;
--> statement-breakpoint
-- routine db/routines/release-holds.sql
-- release_holds(orders, reason): ends the given holds that are still pending, as 'cancelled', or as
-- 'expired' (which takes only holds past hold_expires_at), and returns their units, in the caller's
-- transaction. Every release goes through it: cancel, confirm finding a hold expired, and the expiry routine (the
-- function release_expired_holds). Returns the orders it released.
--
-- Invariants kept (numbered as in the design, section 3):
--   1 available >= 0: it only ever adds units back.
--   2 available + pending + confirmed = total_stock: an order leaves 'pending' in the statement that
--     returns its units to available.
--   3 ledger sum = available: one hold_released event (+quantity) per released order, in that statement.
--   4 each order leaves 'pending' at most once (the status guard, under the order's row lock), with
--     exactly one hold_released event; 'expired' only once hold_expires_at has passed.
--   5 the shopper's allocation (by canonical mailbox) shrinks by the released units in the same statement.
-- Lock order of every writer: the orders by id, then their products by id (then allocations), as in
-- place_holds, so releases, holds and confirms never deadlock one another.
CREATE OR REPLACE FUNCTION release_holds(p_order_ids uuid[], p_reason text)
RETURNS TABLE (order_id uuid, product_id uuid, quantity integer)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
BEGIN
  IF p_reason NOT IN ('expired', 'cancelled') THEN
    RAISE EXCEPTION 'unknown release reason: %', p_reason;
  END IF;

  PERFORM 1 FROM orders o WHERE o.id = ANY (p_order_ids) AND o.status = 'pending' ORDER BY o.id FOR UPDATE;
  PERFORM 1 FROM products p
   WHERE p.id IN (SELECT o.product_id FROM orders o WHERE o.id = ANY (p_order_ids) AND o.status = 'pending')
   ORDER BY p.id FOR UPDATE;

  RETURN QUERY
  WITH released AS (
    UPDATE orders o SET status = p_reason, released_at = now()
     WHERE o.id = ANY (p_order_ids) AND o.status = 'pending'
       AND (p_reason = 'cancelled' OR o.hold_expires_at <= now())
    RETURNING o.id, o.product_id, o.customer_email, o.quantity
  ), restocked AS (
    UPDATE products p SET available = p.available + s.units, updated_at = now()
      FROM (SELECT r.product_id, sum(r.quantity)::integer AS units FROM released r GROUP BY r.product_id) s
     WHERE p.id = s.product_id
  ), deallocated AS (
    UPDATE customer_allocations a SET quantity = a.quantity - s.units
      FROM (SELECT r.product_id, canonical_mailbox(r.customer_email) AS mailbox, sum(r.quantity)::integer AS units
              FROM released r GROUP BY 1, 2) s
     WHERE a.product_id = s.product_id AND a.mailbox = s.mailbox
  ), logged AS (
    INSERT INTO inventory_events (product_id, order_id, type, delta, reason)
    SELECT r.product_id, r.id, 'hold_released', r.quantity, p_reason FROM released r
  )
  SELECT r.id, r.product_id, r.quantity FROM released r;
END
$$;
