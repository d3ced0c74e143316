-- Written by npm run db:routines: applies the current text of each routine below, copied from its
-- file in db/routines, where the current definition of every routine lives.
-- routine db/routines/notify-stock-changed.sql
-- notify_stock_changed and its triggers on products: every change to a product's stock or sale window
-- sends one notification on channel stock_changed, in the transaction that makes it, so listeners hear
-- it exactly when (and only if) it commits, in commit order (lib/live/stock-hub.ts listens). The payload
-- carries what a listener needs to derive the status.
--
-- Invariants kept: none (numbered as in the design, section 3); it reports committed stock, it never
-- changes it. Triggers cannot be replaced in place on every server, so they are dropped and created.
CREATE OR REPLACE FUNCTION notify_stock_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('stock_changed', json_build_object(
    'productId', NEW.id,
    'available', NEW.available,
    'saleStartsAt', NEW.sale_starts_at,
    'saleEndsAt', NEW.sale_ends_at)::text);
  RETURN NULL;
END
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS products_stock_inserted ON products;
--> statement-breakpoint
CREATE TRIGGER products_stock_inserted
AFTER INSERT ON products
FOR EACH ROW EXECUTE FUNCTION notify_stock_changed();
--> statement-breakpoint
DROP TRIGGER IF EXISTS products_stock_changed ON products;
--> statement-breakpoint
CREATE TRIGGER products_stock_changed
AFTER UPDATE OF available, sale_starts_at, sale_ends_at ON products
FOR EACH ROW
WHEN (OLD.available IS DISTINCT FROM NEW.available
   OR OLD.sale_starts_at IS DISTINCT FROM NEW.sale_starts_at
   OR OLD.sale_ends_at IS DISTINCT FROM NEW.sale_ends_at)
EXECUTE FUNCTION notify_stock_changed();
--> statement-breakpoint
-- routine db/routines/place-holds.sql
-- place_holds(product, requests, ttl): places a batch of hold requests on one product under a single lock
-- of the product row and a single commit (a batch of one is the ordinary case; the app coalesces
-- concurrent requests for a product into one call, lib/inventory/hold-queue.ts). The batch and its
-- shoppers' allocations are read once under the lock, each request is decided in arrival order without a
-- statement of its own, then one statement each writes the allocations, the orders, the hold_created
-- events, the completed Idempotency-Key records and the stock. Each request gets one outcome: 'held' with
-- its order id, or 'insufficient_stock' | 'limit_exceeded' | 'sale_not_active' | 'not_found'; every row
-- also reports the units still available after the batch, so the caller learns at once of a sell-out.
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
-- Lock order of every writer (orders, then products by id, then customer_allocations), so holds,
-- confirms, cancels and the expiry sweep never deadlock one another.
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
  v_user uuid[];
  v_quantity integer[];
  v_had integer[];
  v_repeats boolean[];
  v_scope text[];
  v_key text[];
  v_outcome text[];
  v_order uuid[];
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

  SELECT array_agg(r.email ORDER BY r.idx), array_agg(r.user_id ORDER BY r.idx), array_agg(r.quantity ORDER BY r.idx),
         array_agg(coalesce(a.quantity, 0) ORDER BY r.idx), array_agg(r.repeats ORDER BY r.idx),
         array_agg(r.scope ORDER BY r.idx), array_agg(r.key ORDER BY r.idx)
    INTO v_email, v_user, v_quantity, v_had, v_repeats, v_scope, v_key
    FROM (SELECT e.ordinality AS idx,
                 e.value->>'email' AS email,
                 (e.value->>'userId')::uuid AS user_id,
                 (e.value->>'quantity')::integer AS quantity,
                 e.value->>'idempotencyScope' AS scope,
                 e.value->>'idempotencyKey' AS key,
                 count(*) OVER (PARTITION BY e.value->>'email') > 1 AS repeats
            FROM jsonb_array_elements(p_requests) WITH ORDINALITY AS e) r
    LEFT JOIN customer_allocations a ON a.product_id = p_product_id AND a.customer_email = r.email;

  v_count := coalesce(cardinality(v_quantity), 0);
  v_outcome := array_fill(NULL::text, ARRAY[v_count]);
  v_order := array_fill(NULL::uuid, ARRAY[v_count]);
  FOR i IN 1..v_count LOOP
    v_prior := v_had[i];
    IF v_repeats[i] THEN
      v_prior := v_prior + coalesce((v_batch_units->>v_email[i])::integer, 0);
    END IF;
    IF v_quantity[i] > v_remaining THEN
      v_outcome[i] := 'insufficient_stock';
    ELSIF v_prior + v_quantity[i] > v_product.max_per_customer THEN
      v_outcome[i] := 'limit_exceeded';
    ELSE
      v_outcome[i] := 'held';
      v_order[i] := gen_random_uuid();
      v_remaining := v_remaining - v_quantity[i];
      IF v_repeats[i] THEN
        v_batch_units := v_batch_units || jsonb_build_object(v_email[i], v_prior - v_had[i] + v_quantity[i]);
      END IF;
    END IF;
  END LOOP;

  IF v_remaining < v_product.available THEN
    INSERT INTO customer_allocations AS a (product_id, customer_email, quantity)
    SELECT p_product_id, t.email, sum(t.quantity)
      FROM unnest(v_email, v_quantity, v_order) AS t(email, quantity, order_id)
     WHERE t.order_id IS NOT NULL
     GROUP BY t.email
    ON CONFLICT (product_id, customer_email) DO UPDATE SET quantity = a.quantity + excluded.quantity;

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
-- routine db/routines/release-all-expired-holds.sql
-- release_all_expired_holds(batch size, max batches): what pg_cron runs every minute
-- (schedule-expiry-on-pg-cron.sql). Calls release_expired_holds (the one expiry routine) batch after
-- batch, committing each batch so row locks are held only briefly and a confirm waits on at most one
-- batch; stops at the first batch that is not full. Safe beside every other scheduler: the routine skips
-- rows another caller has locked. `released` reports the number of holds released (CALL returns it).
--
-- Invariants kept (numbered as in the design, section 3): 2-5 through release_expired_holds, batch by
-- batch (each committed batch keeps them on its own).
CREATE OR REPLACE PROCEDURE release_all_expired_holds(
  p_batch_size integer DEFAULT 500, p_max_batches integer DEFAULT 1000, INOUT released integer DEFAULT 0
)
LANGUAGE plpgsql AS $$
DECLARE
  v_batch integer;
BEGIN
  released := 0;
  FOR i IN 1..p_max_batches LOOP
    v_batch := release_expired_holds(p_batch_size);
    released := released + v_batch;
    COMMIT;
    EXIT WHEN v_batch < p_batch_size;
  END LOOP;
END
$$;
--> statement-breakpoint
-- routine db/routines/release-expired-holds.sql
-- release_expired_holds(batch size, product?): the one expiry routine behind every scheduler (pg_cron
-- through release_all_expired_holds, the cron route, the in-process sweeper, and a hold that finds stock
-- short). Takes up to p_batch_size expired holds, skipping rows another sweeper or a confirm has locked,
-- and releases them through release_holds; returns how many it released. Idempotent: a second run finds
-- nothing. Callers repeat it while it returns a full batch.
--
-- Invariants kept (numbered as in the design, section 3): 2-5 through release_holds (each expired hold
-- released once, its units and its hold_released event together, its allocation returned); 4: only
-- holds past hold_expires_at, and a hold a confirm has locked is left to the confirm (SKIP LOCKED), so
-- exactly one of them ends it.
CREATE OR REPLACE FUNCTION release_expired_holds(p_batch_size integer DEFAULT 500, p_product_id uuid DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  v_ids uuid[];
  v_released integer;
BEGIN
  SELECT array_agg(e.id) INTO v_ids FROM (
    SELECT o.id FROM orders o
     WHERE o.status = 'pending' AND o.hold_expires_at <= now()
       AND (p_product_id IS NULL OR o.product_id = p_product_id)
     ORDER BY o.hold_expires_at
     LIMIT p_batch_size
       FOR UPDATE SKIP LOCKED
  ) e;
  IF v_ids IS NULL THEN
    RETURN 0;
  END IF;
  SELECT count(*) INTO v_released FROM release_holds(v_ids, 'expired');
  RETURN v_released;
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
--   5 the shopper's allocation shrinks by the released units in the same statement.
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
      FROM (SELECT r.product_id, r.customer_email, sum(r.quantity)::integer AS units
              FROM released r GROUP BY r.product_id, r.customer_email) s
     WHERE a.product_id = s.product_id AND a.customer_email = s.customer_email
  ), logged AS (
    INSERT INTO inventory_events (product_id, order_id, type, delta, reason)
    SELECT r.product_id, r.id, 'hold_released', r.quantity, p_reason FROM released r
  )
  SELECT r.id, r.product_id, r.quantity FROM released r;
END
$$;
--> statement-breakpoint
-- routine db/routines/roll-up-inventory-events.sql
-- roll_up_inventory_events(): folds the ledger events of whole minutes older than two minutes into
-- inventory_totals (per product) and inventory_minutes (per minute), and moves the watermark past them,
-- all in one transaction, so a reader in one snapshot counts every event exactly once (roll-ups before
-- the watermark, raw events from it on). The two-minute margin outlasts any writing transaction
-- (statement and idle-in-transaction timeouts are seconds), so no event can still commit with a
-- created_at before the watermark. Confirmed units and revenue come from the confirmed order (its event
-- has delta 0). Only one session rolls up at a time, under its own advisory lock (inventoryRollup in
-- db/lock-keys.ts, shared with no other routine); the others return NULL at once and read raw events
-- past the older watermark. Returns the watermark.
--
-- Invariants kept: none (numbered as in the design, section 3); it writes derived tables only. Its
-- figures are exact because of 3 and 4: the ledger is append-only and each order has exactly the
-- events its state implies.
CREATE OR REPLACE FUNCTION roll_up_inventory_events() RETURNS timestamptz
LANGUAGE plpgsql AS $$
DECLARE
  v_from timestamptz;
  v_to timestamptz := date_trunc('minute', now() - interval '2 minutes');
BEGIN
  -- Lock key inventoryRollup of db/lock-keys.ts (the registry of every advisory lock key).
  IF NOT pg_try_advisory_xact_lock(727003) THEN
    RETURN NULL;
  END IF;
  SELECT sealed_until INTO v_from FROM inventory_rollup WHERE id = 1 FOR UPDATE;
  IF v_from >= v_to THEN
    RETURN v_from;
  END IF;

  CREATE TEMPORARY TABLE rollup_span ON COMMIT DROP AS
  SELECT e.product_id, date_trunc('minute', e.created_at) AS minute, e.type, e.reason, e.delta,
         o.quantity AS confirmed_quantity, o.quantity::bigint * o.unit_price_cents AS confirmed_cents
    FROM inventory_events e
    LEFT JOIN orders o ON e.type = 'order_confirmed' AND o.id = e.order_id
   WHERE e.created_at >= v_from AND e.created_at < v_to;

  INSERT INTO inventory_totals AS t (product_id, events, holds, confirmations, expirations, cancellations,
                                     held_units, confirmed_units, expired_units, cancelled_units, revenue_cents)
  SELECT product_id, count(*),
         count(*) FILTER (WHERE type = 'hold_created'),
         count(*) FILTER (WHERE type = 'order_confirmed'),
         count(*) FILTER (WHERE type = 'hold_released' AND reason = 'expired'),
         count(*) FILTER (WHERE type = 'hold_released' AND reason = 'cancelled'),
         coalesce(sum(-delta) FILTER (WHERE type = 'hold_created'), 0),
         coalesce(sum(confirmed_quantity), 0),
         coalesce(sum(delta) FILTER (WHERE type = 'hold_released' AND reason = 'expired'), 0),
         coalesce(sum(delta) FILTER (WHERE type = 'hold_released' AND reason = 'cancelled'), 0),
         coalesce(sum(confirmed_cents), 0)
    FROM rollup_span GROUP BY product_id
  ON CONFLICT (product_id) DO UPDATE SET
    events = t.events + excluded.events,
    holds = t.holds + excluded.holds,
    confirmations = t.confirmations + excluded.confirmations,
    expirations = t.expirations + excluded.expirations,
    cancellations = t.cancellations + excluded.cancellations,
    held_units = t.held_units + excluded.held_units,
    confirmed_units = t.confirmed_units + excluded.confirmed_units,
    expired_units = t.expired_units + excluded.expired_units,
    cancelled_units = t.cancelled_units + excluded.cancelled_units,
    revenue_cents = t.revenue_cents + excluded.revenue_cents;

  INSERT INTO inventory_minutes AS m (minute, events, holds, confirmations, expirations, cancellations)
  SELECT minute, count(*),
         count(*) FILTER (WHERE type = 'hold_created'),
         count(*) FILTER (WHERE type = 'order_confirmed'),
         count(*) FILTER (WHERE type = 'hold_released' AND reason = 'expired'),
         count(*) FILTER (WHERE type = 'hold_released' AND reason = 'cancelled')
    FROM rollup_span GROUP BY minute
  ON CONFLICT (minute) DO UPDATE SET
    events = m.events + excluded.events,
    holds = m.holds + excluded.holds,
    confirmations = m.confirmations + excluded.confirmations,
    expirations = m.expirations + excluded.expirations,
    cancellations = m.cancellations + excluded.cancellations;

  UPDATE inventory_rollup SET sealed_until = v_to WHERE id = 1;
  RETURN v_to;
END
$$;
--> statement-breakpoint
-- routine db/routines/schedule-expiry-on-pg-cron.sql
-- The pg_cron job, where the server has pg_cron: schedules release_all_expired_holds every minute for
-- this database. pg_cron keeps its jobs in one database (cron.database_name). When that is this
-- database the job is scheduled here; when it is another one, the app schedules the same job from there
-- at start-up (db/pg-cron.ts, cron.schedule_in_database; tests/routines.test.ts checks that both name
-- the same schedule and command). Where pg_cron is absent, not loaded or not ours to create, this says
-- so and changes nothing: the cron route and the in-process sweeper release expired holds instead.
-- Running it again is harmless: cron.schedule replaces the job of the same name.
--
-- Invariants kept: none itself; the job runs release_all_expired_holds (2-5, numbered as in the
-- design, section 3).
DO $$
DECLARE
  v_cron_database text := current_setting('cron.database_name', true);
  v_job text := 'flash-sale-release-expired-holds:' || current_database();
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_cron') THEN
    RAISE NOTICE 'pg_cron is not available on this server; expired holds are released by '
      'GET /api/cron/release-holds and the in-process sweeper.';
    RETURN;
  END IF;
  IF v_cron_database IS NULL THEN
    RAISE NOTICE 'pg_cron is installed but not loaded (shared_preload_libraries); '
      'expiry is not scheduled in the database.';
    RETURN;
  END IF;
  IF v_cron_database <> current_database() THEN
    RAISE NOTICE 'pg_cron runs in database %; the app schedules job % from there when it starts.',
      v_cron_database, v_job;
    RETURN;
  END IF;
  BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_cron;
  EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'pg_cron is loaded but this role may not create the extension; '
      'expiry is not scheduled in the database.';
    RETURN;
  END;
  EXECUTE format('SELECT cron.schedule(%L, %L, %L)', v_job, '* * * * *', 'CALL release_all_expired_holds()');
  RAISE NOTICE 'pg_cron job % releases expired holds every minute.', v_job;
END
$$;
--> statement-breakpoint
-- routine db/routines/users-end-sessions-on-change.sql
-- users_end_sessions_on_change and its trigger on users: ends every session of an account whose password
-- changes or whose admin role is taken away, by whatever path the change comes (the app, the admin CLI,
-- plain SQL), by raising its session_version; a session token carrying an older version stands for
-- nobody (checked on every request: app/_lib/auth.ts).
--
-- Invariants kept: none of the stock invariants (numbered as in the design, section 3); it keeps the
-- access rule that a demoted admin's or an old password's sessions end. Triggers cannot be replaced in
-- place on every server, so the trigger is dropped and created.
CREATE OR REPLACE FUNCTION users_end_sessions_on_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.password_hash IS DISTINCT FROM OLD.password_hash OR (OLD.role = 'admin' AND NEW.role <> 'admin') THEN
    NEW.session_version := OLD.session_version + 1;
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS users_end_sessions_on_change ON users;
--> statement-breakpoint
CREATE TRIGGER users_end_sessions_on_change BEFORE UPDATE OF password_hash, role ON users
  FOR EACH ROW EXECUTE FUNCTION users_end_sessions_on_change();
