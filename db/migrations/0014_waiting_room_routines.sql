-- Written by npm run db:routines: applies the current text of each routine below, copied from its
-- file in db/routines, where the current definition of every routine lives.
-- routine db/routines/advance-queues.sql
-- advance_queues(product?): one tick of every waiting room (or of one product's), run by every expiry
-- scheduler through release_expired_holds (pg_cron, the cron route, the in-process sweeper), and for one
-- product by a reader who finds its draw due. Returns how many tickets it admitted. In order:
--   1 the draws that are due (sale started, not drawn yet), under the draw lock, taken before any row
--     lock: it waits for the pre-queue joins in flight, so the draw sees every one (draw_queue);
--   2 for each waiting room, in product order, under its queue row's lock (ticks take turns; a tick soon
--     after another finds little time elapsed and admits accordingly):
--     - admissions past admitted_until lapse: their places go to the next tickets;
--     - when the sale has ended, or it has started and sold out (no units left and no pending hold that
--       could give some back), waiting tickets close: nobody waits for nothing;
--     - otherwise, unless paused, the next tickets by place are admitted: admit_per_minute pro rata to the
--       time since the last tick (at most a minute's worth; the fraction of an admission carries over,
--       whole admissions not used are dropped), and never more open admissions than units available;
--     - the room's progress {productId, serving, waiting, admitPerMinute, paused} is announced on channel
--       queue_changed when it differs from the last announcement (the live stream sends it on).
--
-- Invariants kept: none of the stock invariants (numbered as in the design, section 3); for the waiting
-- room, admissions follow the places and never exceed the rate or the units available at the tick.
-- Lock order: the draw lock, then queue rows by product id, then tickets (place_holds locks tickets after
-- the product row and never a queue row, so the two never wait on each other in a cycle).
CREATE OR REPLACE FUNCTION advance_queues(p_product_id uuid DEFAULT NULL) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  v record;
  v_now timestamptz := now();
  v_over boolean;
  v_credit double precision;
  v_open integer;
  v_admit integer;
  v_got integer;
  v_last integer;
  v_serving integer;
  v_waiting integer;
  v_notice text;
  v_admitted integer := 0;
BEGIN
  IF EXISTS (SELECT 1 FROM queues q JOIN products p ON p.id = q.product_id
              WHERE q.drawn_at IS NULL AND p.admission = 'queue' AND p.sale_starts_at <= v_now
                AND (p_product_id IS NULL OR q.product_id = p_product_id)) THEN
    -- LOCK_KEYS.queueDraw, exclusive: join_queue holds it shared while it adds to a pre-queue.
    PERFORM pg_advisory_xact_lock(727004);
    FOR v IN SELECT q.product_id FROM queues q JOIN products p ON p.id = q.product_id
              WHERE q.drawn_at IS NULL AND p.admission = 'queue' AND p.sale_starts_at <= v_now
                AND (p_product_id IS NULL OR q.product_id = p_product_id)
              ORDER BY q.product_id
    LOOP
      PERFORM draw_queue(v.product_id);
    END LOOP;
  END IF;

  FOR v IN
    SELECT q.product_id, q.drawn_at, q.serving, q.credit, q.ticked_at, q.notice,
           p.available, p.sale_starts_at, p.sale_ends_at, p.admit_per_minute, p.admission_ttl_seconds,
           p.queue_paused
      FROM queues q JOIN products p ON p.id = q.product_id
     WHERE p.admission = 'queue' AND (p_product_id IS NULL OR q.product_id = p_product_id)
       AND (p.sale_ends_at > v_now OR q.waiting > 0
            OR EXISTS (SELECT 1 FROM tickets t WHERE t.product_id = q.product_id AND t.status IN ('waiting', 'admitted')))
     ORDER BY q.product_id
       FOR UPDATE OF q
  LOOP
    v_serving := v.serving;
    v_credit := v.credit;

    UPDATE tickets SET status = 'lapsed', ended_at = v_now
     WHERE product_id = v.product_id AND status = 'admitted' AND admitted_until <= v_now;

    v_over := v_now >= v.sale_ends_at
      OR (v_now >= v.sale_starts_at AND v.available = 0
          AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.product_id = v.product_id AND o.status = 'pending'));
    IF v_over THEN
      UPDATE tickets SET status = 'closed', ended_at = v_now WHERE product_id = v.product_id AND status = 'waiting';
      v_credit := 0;
    ELSIF v.drawn_at IS NOT NULL AND NOT v.queue_paused AND v_now >= v.sale_starts_at THEN
      v_credit := v_credit + v.admit_per_minute * least(
        extract(epoch FROM v_now - greatest(coalesce(v.ticked_at, v.sale_starts_at), v.sale_starts_at)), 60) / 60.0;
      SELECT count(*) INTO v_open FROM tickets WHERE product_id = v.product_id AND status = 'admitted';
      v_admit := least(floor(v_credit)::integer, greatest(v.available - v_open, 0));
      IF v_admit > 0 THEN
        WITH next AS (
          SELECT t.id FROM tickets t
           WHERE t.product_id = v.product_id AND t.status = 'waiting' AND t.position IS NOT NULL
           ORDER BY t.position
           LIMIT v_admit
             FOR UPDATE
        ), admitted AS (
          UPDATE tickets t
             SET status = 'admitted', admitted_at = v_now,
                 admitted_until = v_now + make_interval(secs => v.admission_ttl_seconds)
            FROM next
           WHERE t.id = next.id
          RETURNING t.position
        )
        SELECT count(*), max(a.position) INTO v_got, v_last FROM admitted a;
        v_admitted := v_admitted + v_got;
        v_serving := greatest(v_serving, coalesce(v_last, 0));
      END IF;
      v_credit := v_credit - floor(v_credit);
    END IF;

    SELECT count(*) INTO v_waiting FROM tickets WHERE product_id = v.product_id AND status = 'waiting';
    v_notice := json_build_object('productId', v.product_id, 'serving', v_serving, 'waiting', v_waiting,
                                  'admitPerMinute', v.admit_per_minute, 'paused', v.queue_paused)::text;
    UPDATE queues
       SET serving = v_serving, waiting = v_waiting, credit = v_credit, ticked_at = v_now, notice = v_notice
     WHERE product_id = v.product_id;
    IF v_notice IS DISTINCT FROM v.notice THEN
      PERFORM pg_notify('queue_changed', v_notice);
    END IF;
  END LOOP;
  RETURN v_admitted;
END
$$;
--> statement-breakpoint
-- routine db/routines/draw-queue.sql
-- draw_queue(product): the draw of a waiting room, at its sale's start. The pre-queue (tickets that joined
-- before sale_starts_at) gets places 1..n in the order of its keys, sha256hex(seed || ticket id) (the seed
-- string followed by the ticket id string), compared as plain bytes; tickets that joined after the start
-- but before the draw follow in arrival order. Each pre-queue ticket keeps its key (draw_key), so the
-- published list of keys is exactly the order. Marks the queue drawn, which reveals its seed. Called by
-- advance_queues only, which holds the draw lock (no pre-queue join is in flight) and the queue's row; a
-- queue already drawn is left as it is. Returns how many entrants the draw ordered.
--
-- Invariants kept: none of the stock invariants (numbered as in the design, section 3); for the waiting
-- room, places 1..n without gap or repeat (one statement numbers every unplaced ticket, and the unique
-- index on product and place holds it), fixed once given.
CREATE OR REPLACE FUNCTION draw_queue(p_product_id uuid) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  v_queue queues%ROWTYPE;
  v_starts timestamptz;
  v_places integer;
  v_entries integer;
BEGIN
  SELECT * INTO v_queue FROM queues WHERE product_id = p_product_id FOR UPDATE;
  IF v_queue.product_id IS NULL OR v_queue.drawn_at IS NOT NULL THEN
    RETURN 0;
  END IF;
  SELECT p.sale_starts_at INTO v_starts FROM products p WHERE p.id = p_product_id;

  WITH entrants AS (
    SELECT t.id, t.seq, t.joined_at < v_starts AS early,
           CASE WHEN t.joined_at < v_starts
                THEN encode(sha256(convert_to(v_queue.seed || t.id::text, 'UTF8')), 'hex') END AS key
      FROM tickets t
     WHERE t.product_id = p_product_id AND t.position IS NULL
  ), ranked AS (
    SELECT e.id, e.key, row_number() OVER (ORDER BY e.early DESC, e.key COLLATE "C", e.seq) AS place
      FROM entrants e
  )
  UPDATE tickets t SET position = r.place, draw_key = r.key
    FROM ranked r
   WHERE t.id = r.id;
  GET DIAGNOSTICS v_places = ROW_COUNT;

  SELECT count(*) INTO v_entries FROM tickets t WHERE t.product_id = p_product_id AND t.draw_key IS NOT NULL;
  UPDATE queues SET drawn_at = now(), drawn_entries = v_entries, last_position = v_places
   WHERE product_id = p_product_id;
  RETURN v_entries;
END
$$;
--> statement-breakpoint
-- routine db/routines/join-queue.sql
-- join_queue(product, shopper, user): a shopper's ticket in a product's waiting room; the same shopper
-- (the canonical mailbox; a customer's ticket is the account's) always gets the same ticket. Returns the
-- ticket's id and whether it was created now. The caller (lib/queue/join-queue.ts) has checked that the
-- product has a waiting room that is open.
--   Before the draw: a plain insert (one per shopper: the unique index decides between concurrent joins),
--   under the draw lock in shared mode, so many joins run at once while the draw waits for them all.
--   After the draw: the next place, taken under the queue row's lock, so later joiners follow in arrival
--   order with no gap and no repeat.
--
-- Invariants kept: none of the stock invariants (numbered as in the design, section 3); for the waiting
-- room, one ticket per shopper and product, and places without gap or repeat.
CREATE OR REPLACE FUNCTION join_queue(p_product_id uuid, p_shopper text, p_user_id uuid)
RETURNS TABLE (ticket_id uuid, created boolean)
LANGUAGE plpgsql AS $$
DECLARE
  v_ticket uuid;
  v_drawn boolean;
  v_position integer;
BEGIN
  SELECT t.id INTO v_ticket FROM tickets t WHERE t.product_id = p_product_id AND t.shopper = p_shopper;
  IF v_ticket IS NOT NULL THEN
    RETURN QUERY SELECT v_ticket, false;
    RETURN;
  END IF;

  SELECT q.drawn_at IS NOT NULL INTO v_drawn FROM queues q WHERE q.product_id = p_product_id;
  IF v_drawn IS NULL THEN
    RAISE EXCEPTION 'product % has no waiting room', p_product_id;
  END IF;
  IF NOT v_drawn THEN
    -- LOCK_KEYS.queueDraw, shared: the draw (advance_queues) takes it exclusively and waits for this join.
    PERFORM pg_advisory_xact_lock_shared(727004);
    SELECT q.drawn_at IS NOT NULL INTO v_drawn FROM queues q WHERE q.product_id = p_product_id;
  END IF;

  IF NOT v_drawn THEN
    INSERT INTO tickets AS t (product_id, shopper, user_id)
    VALUES (p_product_id, p_shopper, p_user_id)
    ON CONFLICT (product_id, shopper) DO NOTHING
    RETURNING t.id INTO v_ticket;
    IF v_ticket IS NULL THEN
      -- The same shopper's concurrent join committed first: its ticket is this one.
      SELECT t.id INTO v_ticket FROM tickets t WHERE t.product_id = p_product_id AND t.shopper = p_shopper;
      RETURN QUERY SELECT v_ticket, false;
      RETURN;
    END IF;
    RETURN QUERY SELECT v_ticket, true;
    RETURN;
  END IF;

  -- After the draw: joins of this product take turns on the queue row; a new snapshot then sees the
  -- ticket of a concurrent join of the same shopper.
  PERFORM 1 FROM queues q WHERE q.product_id = p_product_id FOR NO KEY UPDATE;
  SELECT t.id INTO v_ticket FROM tickets t WHERE t.product_id = p_product_id AND t.shopper = p_shopper;
  IF v_ticket IS NOT NULL THEN
    RETURN QUERY SELECT v_ticket, false;
    RETURN;
  END IF;
  UPDATE queues q SET last_position = q.last_position + 1
   WHERE q.product_id = p_product_id
  RETURNING q.last_position INTO v_position;
  INSERT INTO tickets AS t (product_id, shopper, user_id, position)
  VALUES (p_product_id, p_shopper, p_user_id, v_position)
  RETURNING t.id INTO v_ticket;
  RETURN QUERY SELECT v_ticket, true;
END
$$;
--> statement-breakpoint
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
-- ticket of its shopper and product (ticketId, shopper), not yet lapsed; the ticket becomes used in the
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
                                AND t.shopper = e.value->>'shopper' AND t.status = 'admitted'
                                AND t.admitted_until > now()) ORDER BY e.ordinality)
      INTO v_ticket, v_admitted
      FROM jsonb_array_elements(p_requests) WITH ORDINALITY AS e;
  END IF;
  FOR i IN 1..v_count LOOP
    v_prior := v_had[i];
    IF v_repeats[i] THEN
      v_prior := v_prior + coalesce((v_batch_units->>v_email[i])::integer, 0);
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
-- routine db/routines/release-expired-holds.sql
-- release_expired_holds(batch size, product?): the one expiry routine behind every scheduler (pg_cron
-- through release_all_expired_holds, the cron route, the in-process sweeper, and a hold that finds stock
-- short). Takes up to p_batch_size expired holds, skipping rows another sweeper or a confirm has locked,
-- and releases them through release_holds; returns how many it released. Idempotent: a second run finds
-- nothing. Callers repeat it while it returns a full batch. Called without a product (by a scheduler),
-- it first advances every waiting room (advance_queues: draws, lapses, admissions, closing), before it
-- locks any hold, so no product row is locked while the rooms advance.
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
  IF p_product_id IS NULL THEN
    PERFORM advance_queues();
  END IF;
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
