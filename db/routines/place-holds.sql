-- place_holds(product, requests, ttl): places a batch of hold requests on one product under a single lock
-- of the product row and a single commit (a batch of one is the ordinary case; the app coalesces
-- concurrent requests for a product into one call, lib/inventory/hold-queue.ts). Everything a hold writes
-- rides this one transaction: its Idempotency-Key record, its rate-limit counters, its order, ledger event,
-- allocation and the stock. Each request gets one outcome, decided in stages, each stage only for the
-- requests still undecided:
--   1 its Idempotency-Key (idempotencyScope, idempotencyKey, requestHash: hex of 16 bytes), if any: a key
--     already recorded answers 'replayed' with the recorded order, 'idempotency_key_reused' for another
--     request's key, 'idempotency_key_in_use' while a request with it is unfinished (a confirm or cancel
--     in flight, an earlier copy in this batch); a new key is claimed now, with the order id the hold
--     will take, and the claim is removed again unless the request is held;
--   2 a guest (no userId) whose mailbox is an account's: 'sign_in_required' (an account's mailbox is the
--     account's: a guest may not spend its limit or hold in its name);
--   3 its rate limits (limits: [{key, limit, windowSeconds}]): one hit on each counter, in arrival order;
--     past any limit 'rate_limited' with retry_after_seconds;
--   4 the product: 'not_found', or 'sale_not_active' outside the sale window;
--   5 in arrival order: 'admission_required', 'insufficient_stock', 'limit_exceeded', or 'held' with its
--     order id.
-- Every row also reports the units still available after the batch, so the caller learns at once of a
-- sell-out.
-- A product with a waiting room (admission 'queue') holds only for a request that names an admitted
-- ticket of its shopper and product (ticketId, mailbox), not yet lapsed; the ticket becomes used in the
-- hold's own transaction, so each ticket gives one hold ('admission_required' otherwise).
--
-- Invariants kept (numbered as in the design, section 3), all under the product row lock:
--   1 available >= 0: a request is held only if the units still left after earlier requests cover it.
--   2 available + pending + confirmed = total_stock: the decrement and the pending orders commit together.
--   3 ledger sum = available: each order's hold_created event (-quantity) commits with the decrement.
--   4 one hold_created per order, written with the order; an Idempotency-Key record commits with its
--     order or not at all, so a retry after a crash finds the order or nothing, never a second hold, and
--     a refused request leaves no record. The key's primary key makes a concurrent claim of the same key
--     (another product's batch, another process) wait for this commit, then find the record.
--   5 per shopper (canonical mailbox) and product, pending + confirmed <= max_per_customer: allocations
--     are only ever written under this lock, so reading them here is exact; earlier requests of the
--     same batch count too.
--   6 the sale window is checked after the lock is held, and a hold never outlives the sale.
-- Rate limits are exact: each counter is counted under its row lock, with the batch's earlier hits.
-- Lock order of every writer (orders, then products by id, then idempotency_keys, rate_limits by key, a
-- waiting room's tickets, then customer_allocations), so holds, confirms, cancels, the expiry
-- sweep and the waiting rooms' ticks (which lock queue rows and tickets, never a product row) never
-- deadlock one another.
--
-- CREATE OR REPLACE cannot change a function's result columns: the function is dropped and created
-- (nothing depends on it; the migration's transaction makes the swap atomic).
DROP FUNCTION IF EXISTS place_holds(uuid, jsonb, integer);
--> statement-breakpoint
CREATE FUNCTION place_holds(p_product_id uuid, p_requests jsonb, p_ttl_seconds integer)
RETURNS TABLE (request_index integer, outcome text, order_id uuid, unit_price_cents integer,
               hold_expires_at timestamptz, created_at timestamptz, available_after integer,
               retry_after_seconds integer)
LANGUAGE plpgsql
-- One generic plan per statement, made once per connection: with array parameters PostgreSQL
-- would otherwise re-plan every statement on every call, which cost more than running them.
SET plan_cache_mode = force_generic_plan
AS $$
#variable_conflict use_column
DECLARE
  v_product products%ROWTYPE;
  v_live boolean;
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
  v_hash bytea[];
  v_outcome text[];
  v_order uuid[];
  v_retry integer[];
  -- Requests whose new Idempotency-Key this batch claimed.
  v_claimed integer[] := '{}';
  v_decided integer[];
  v_decision text[];
  v_found uuid[];
  v_wait integer[];
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
  v_live := v_product.id IS NOT NULL AND now() >= v_product.sale_starts_at AND now() < v_product.sale_ends_at;
  v_remaining := v_product.available;
  -- A hold never outlives the sale: confirming after the window is as dead as after expiry.
  v_expires := least(now() + make_interval(secs => p_ttl_seconds), v_product.sale_ends_at);

  SELECT array_agg(r.email ORDER BY r.idx), array_agg(r.mailbox ORDER BY r.idx), array_agg(r.user_id ORDER BY r.idx),
         array_agg(r.quantity ORDER BY r.idx),
         array_agg(coalesce(a.quantity, 0) ORDER BY r.idx), array_agg(r.repeats ORDER BY r.idx),
         array_agg(r.scope ORDER BY r.idx), array_agg(r.key ORDER BY r.idx), array_agg(r.hash ORDER BY r.idx)
    INTO v_email, v_mailbox, v_user, v_quantity, v_had, v_repeats, v_scope, v_key, v_hash
    FROM (SELECT e.ordinality AS idx,
                 e.value->>'email' AS email,
                 e.value->>'mailbox' AS mailbox,
                 (e.value->>'userId')::uuid AS user_id,
                 (e.value->>'quantity')::integer AS quantity,
                 e.value->>'idempotencyScope' AS scope,
                 e.value->>'idempotencyKey' AS key,
                 decode(e.value->>'requestHash', 'hex') AS hash,
                 count(*) OVER (PARTITION BY e.value->>'mailbox') > 1 AS repeats
            FROM jsonb_array_elements(p_requests) WITH ORDINALITY AS e) r
    LEFT JOIN customer_allocations a ON v_live AND a.product_id = p_product_id AND a.mailbox = r.mailbox;

  v_count := coalesce(cardinality(v_quantity), 0);
  v_outcome := array_fill(NULL::text, ARRAY[v_count]);
  v_retry := array_fill(NULL::integer, ARRAY[v_count]);
  -- Every request's order id is drawn now: a claimed key records the order its hold will be.
  SELECT array_agg(gen_random_uuid()) INTO v_order FROM generate_series(1, v_count);

  -- Stage 1: Idempotency-Keys. While the sale is live a new key is claimed (the first copy of a key in the
  -- batch); the others are decided by the record that holds their key, read after the claim, so a
  -- record a concurrent transaction committed meanwhile is seen.
  IF cardinality(array_remove(v_key, NULL)) > 0 THEN
    IF v_live THEN
      WITH claimed AS (
        INSERT INTO idempotency_keys AS k (scope, key, request_hash, order_id)
        SELECT DISTINCT ON (t.scope, t.key) t.scope, t.key, t.hash, t.order_id
          FROM unnest(v_scope, v_key, v_hash, v_order) WITH ORDINALITY AS t(scope, key, hash, order_id, idx)
         WHERE t.key IS NOT NULL
         ORDER BY t.scope, t.key, t.idx
        ON CONFLICT DO NOTHING
        RETURNING k.order_id
      )
      SELECT coalesce(array_agg(t.idx::integer), '{}') INTO v_claimed
        FROM unnest(v_order) WITH ORDINALITY AS t(order_id, idx)
       WHERE t.order_id IN (SELECT c.order_id FROM claimed c);
    END IF;
    IF cardinality(v_claimed) < cardinality(array_remove(v_key, NULL)) THEN
      -- Only requests with a key left unclaimed (none, the usual case, while the sale is live) read records.
      SELECT array_agg(t.idx::integer),
             array_agg(CASE WHEN k.key IS NULL OR k.order_id IS NULL OR k.order_id = ANY(v_order)
                              THEN CASE WHEN k.request_hash IS DISTINCT FROM t.hash AND k.key IS NOT NULL
                                        THEN 'idempotency_key_reused' ELSE 'idempotency_key_in_use' END
                            WHEN k.request_hash <> t.hash THEN 'idempotency_key_reused'
                            ELSE 'replayed' END),
             array_agg(CASE WHEN k.order_id = ANY(v_order) THEN NULL ELSE k.order_id END)
        INTO v_decided, v_decision, v_found
        FROM unnest(v_scope, v_key, v_hash) WITH ORDINALITY AS t(scope, key, hash, idx)
        LEFT JOIN idempotency_keys k ON k.scope = t.scope AND k.key = t.key
       WHERE t.key IS NOT NULL AND NOT (t.idx::integer = ANY(v_claimed))
         AND (k.key IS NOT NULL OR v_live);
      FOR i IN 1..coalesce(cardinality(v_decided), 0) LOOP
        v_outcome[v_decided[i]] := v_decision[i];
        v_order[v_decided[i]] := v_found[i];
      END LOOP;
    END IF;
  END IF;

  -- Stage 2: a guest under an account's mailbox (index users_by_mailbox).
  IF v_live THEN
    FOR i IN 1..v_count LOOP
      IF v_outcome[i] IS NULL AND v_user[i] IS NULL
         AND EXISTS (SELECT 1 FROM users u WHERE canonical_mailbox(u.email) = v_mailbox[i]) THEN
        v_outcome[i] := 'sign_in_required';
      END IF;
    END LOOP;
  END IF;

  -- Stage 3: rate limits. Each undecided request counts one hit on each of its counters (locked in key
  -- order); its own count is the counter's before this batch plus the batch's hits up to and including it.
  IF jsonb_path_exists(p_requests, '$[*].limits[*]') THEN
    WITH hit AS (
      SELECT e.ordinality::integer AS idx, l.key, l."limit" AS max_hits, l."windowSeconds" AS window_seconds,
             row_number() OVER (PARTITION BY l.key ORDER BY e.ordinality) AS nth,
             count(*) OVER (PARTITION BY l.key) AS batch_hits
        FROM jsonb_array_elements(p_requests) WITH ORDINALITY AS e,
             jsonb_to_recordset(e.value->'limits') AS l(key text, "limit" integer, "windowSeconds" integer)
       WHERE v_outcome[e.ordinality::integer] IS NULL
    ), per_key AS (
      SELECT h.key, max(h.window_seconds) AS window_seconds, max(h.batch_hits)::integer AS hits
        FROM hit h GROUP BY h.key
    ), counted AS (
      INSERT INTO rate_limits AS r (key, window_started_at, hits)
      SELECT p.key, now(), p.hits FROM per_key p ORDER BY p.key
      ON CONFLICT (key) DO UPDATE SET
        window_started_at = CASE WHEN r.window_started_at <= now() - make_interval(secs => (
            SELECT p.window_seconds FROM per_key p WHERE p.key = excluded.key)) THEN now() ELSE r.window_started_at END,
        hits = CASE WHEN r.window_started_at <= now() - make_interval(secs => (
            SELECT p.window_seconds FROM per_key p WHERE p.key = excluded.key)) THEN excluded.hits
            ELSE r.hits + excluded.hits END
      RETURNING r.key, r.hits, r.window_started_at
    )
    SELECT array_agg(x.idx), array_agg(x.wait)
      INTO v_decided, v_wait
      FROM (SELECT h.idx,
                   max(greatest(1, ceil(extract(epoch FROM c.window_started_at
                       + make_interval(secs => h.window_seconds) - now())))::integer) AS wait
              FROM hit h JOIN counted c ON c.key = h.key
             WHERE c.hits - h.batch_hits + h.nth > h.max_hits
             GROUP BY h.idx) x;
    FOR i IN 1..coalesce(cardinality(v_decided), 0) LOOP
      v_outcome[v_decided[i]] := 'rate_limited';
      v_retry[v_decided[i]] := v_wait[i];
    END LOOP;
  END IF;

  -- Stage 4: the product and its sale window.
  IF NOT v_live THEN
    FOR i IN 1..v_count LOOP
      IF v_outcome[i] IS NULL THEN
        v_outcome[i] := CASE WHEN v_product.id IS NULL THEN 'not_found' ELSE 'sale_not_active' END;
      END IF;
    END LOOP;
  END IF;

  -- Stage 5: admission, stock and the per-customer limit, in arrival order.
  IF v_live AND v_product.admission = 'queue' THEN
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
    CONTINUE WHEN v_outcome[i] IS NOT NULL;
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
      v_remaining := v_remaining - v_quantity[i];
      IF v_admitted IS NOT NULL THEN
        v_used := v_used || v_ticket[i];
      END IF;
      IF v_repeats[i] THEN
        v_batch_units := v_batch_units || jsonb_build_object(v_mailbox[i], v_prior - v_had[i] + v_quantity[i]);
      END IF;
    END IF;
  END LOOP;

  -- A claimed key whose request was not held leaves no record.
  IF EXISTS (SELECT 1 FROM unnest(v_claimed) AS c(idx) WHERE v_outcome[c.idx] <> 'held') THEN
    DELETE FROM idempotency_keys k
     USING unnest(v_scope, v_key, v_order, v_outcome) WITH ORDINALITY AS t(scope, key, order_id, outcome, idx)
     WHERE t.idx::integer = ANY(v_claimed) AND t.outcome <> 'held'
       AND k.scope = t.scope AND k.key = t.key AND k.order_id = t.order_id;
  END IF;

  IF v_remaining < v_product.available THEN
    INSERT INTO customer_allocations AS a (product_id, mailbox, quantity)
    SELECT p_product_id, t.mailbox, sum(t.quantity)
      FROM unnest(v_mailbox, v_quantity, v_outcome) AS t(mailbox, quantity, outcome)
     WHERE t.outcome = 'held'
     GROUP BY t.mailbox
    ON CONFLICT (product_id, mailbox) DO UPDATE SET quantity = a.quantity + excluded.quantity;

    INSERT INTO orders (id, product_id, user_id, customer_email, quantity, unit_price_cents, hold_expires_at)
    SELECT t.order_id, p_product_id, t.user_id, t.email, t.quantity, v_product.price_cents, v_expires
      FROM unnest(v_order, v_user, v_email, v_quantity, v_outcome) AS t(order_id, user_id, email, quantity, outcome)
     WHERE t.outcome = 'held';

    INSERT INTO inventory_events (product_id, order_id, type, delta)
    SELECT p_product_id, t.order_id, 'hold_created', -t.quantity
      FROM unnest(v_order, v_quantity, v_outcome) AS t(order_id, quantity, outcome)
     WHERE t.outcome = 'held';

    -- Each ticket that gave a hold is used, in the hold's transaction.
    IF cardinality(v_used) > 0 THEN
      UPDATE tickets t SET status = 'used', order_id = u.order_id, ended_at = now()
        FROM unnest(v_ticket, v_order, v_outcome) AS u(ticket_id, order_id, outcome)
       WHERE u.outcome = 'held' AND t.id = u.ticket_id;
    END IF;

    UPDATE products SET available = v_remaining, updated_at = now() WHERE id = p_product_id;
  END IF;

  RETURN QUERY
    SELECT s.i::integer, v_outcome[s.i],
           CASE WHEN v_outcome[s.i] IN ('held', 'replayed') THEN v_order[s.i] END,
           CASE WHEN v_outcome[s.i] = 'held' THEN v_product.price_cents END,
           CASE WHEN v_outcome[s.i] = 'held' THEN v_expires END,
           CASE WHEN v_outcome[s.i] = 'held' THEN now() END,
           v_remaining,
           v_retry[s.i]
      FROM generate_series(1, v_count) AS s(i);
END
$$;
