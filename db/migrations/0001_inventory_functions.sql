-- The SQL that protects stock. Every writer locks in one order (order rows, then product rows
-- by id, then the product's customer_allocations rows), so holds, confirms, cancels and the
-- expiry sweep never deadlock one another.

-- place_holds: places a batch of hold requests on one product, in arrival order, under a single
-- lock of the product row and a single commit (a batch of one is the ordinary case; many
-- concurrent requests may be coalesced into one call). Each request gets one outcome: 'held'
-- with its order id, or 'insufficient_stock' | 'limit_exceeded' | 'sale_not_active' | 'not_found'.
-- Keeps, under the row lock: 1 (a request is taken only if the units still uncounted cover it),
-- 2-4 (decrement, order and hold_created event commit together), 5 (the shopper's allocation
-- grows only within max_per_customer) and 6 (the sale window is checked after the lock is held).
CREATE FUNCTION place_holds(p_product_id uuid, p_requests jsonb, p_ttl_seconds integer)
RETURNS TABLE (request_index integer, outcome text, order_id uuid, unit_price_cents integer, hold_expires_at timestamptz, created_at timestamptz)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  v_product products%ROWTYPE;
  v_remaining integer;
  v_taken integer := 0;
  v_expires timestamptz;
  v_request record;
  v_order_id uuid;
BEGIN
  SELECT * INTO v_product FROM products WHERE id = p_product_id FOR UPDATE;

  IF v_product.id IS NULL OR now() < v_product.sale_starts_at OR now() >= v_product.sale_ends_at THEN
    RETURN QUERY
      SELECT r.ordinality::integer,
             CASE WHEN v_product.id IS NULL THEN 'not_found' ELSE 'sale_not_active' END,
             NULL::uuid, NULL::integer, NULL::timestamptz, NULL::timestamptz
        FROM jsonb_array_elements(p_requests) WITH ORDINALITY AS r;
    RETURN;
  END IF;

  v_remaining := v_product.available;
  -- A hold never outlives the sale: confirming after the window is as dead as after expiry.
  v_expires := least(now() + make_interval(secs => p_ttl_seconds), v_product.sale_ends_at);

  FOR v_request IN
    SELECT r.ordinality::integer AS idx,
           r.value->>'email' AS email,
           (r.value->>'userId')::uuid AS user_id,
           (r.value->>'quantity')::integer AS quantity
      FROM jsonb_array_elements(p_requests) WITH ORDINALITY AS r
  LOOP
    request_index := v_request.idx;
    order_id := NULL;
    unit_price_cents := NULL;
    hold_expires_at := NULL;
    created_at := NULL;
    IF v_request.quantity > v_remaining THEN
      outcome := 'insufficient_stock';
    ELSIF v_request.quantity > v_product.max_per_customer THEN
      outcome := 'limit_exceeded';
    ELSE
      INSERT INTO customer_allocations AS a (product_id, customer_email, quantity)
      VALUES (p_product_id, v_request.email, v_request.quantity)
      ON CONFLICT (product_id, customer_email) DO UPDATE
        SET quantity = a.quantity + excluded.quantity
        WHERE a.quantity + excluded.quantity <= v_product.max_per_customer;
      IF NOT FOUND THEN
        outcome := 'limit_exceeded';
      ELSE
        INSERT INTO orders (product_id, user_id, customer_email, quantity, unit_price_cents, hold_expires_at)
        VALUES (p_product_id, v_request.user_id, v_request.email, v_request.quantity,
                v_product.price_cents, v_expires)
        RETURNING id INTO v_order_id;
        INSERT INTO inventory_events (product_id, order_id, type, delta)
        VALUES (p_product_id, v_order_id, 'hold_created', -v_request.quantity);
        v_remaining := v_remaining - v_request.quantity;
        v_taken := v_taken + v_request.quantity;
        outcome := 'held';
        order_id := v_order_id;
        unit_price_cents := v_product.price_cents;
        hold_expires_at := v_expires;
        created_at := now();
      END IF;
    END IF;
    RETURN NEXT;
  END LOOP;

  IF v_taken > 0 THEN
    UPDATE products SET available = available - v_taken, updated_at = now() WHERE id = p_product_id;
  END IF;
END
$$;
--> statement-breakpoint

-- release_holds: ends the given holds that are still pending ('cancelled'; or 'expired', which
-- takes only holds past hold_expires_at) and returns their units. Keeps 2-5: each order leaves
-- 'pending' at most once (the status guard), with exactly one hold_released event, its units back
-- in available and out of the shopper's allocation, all in the caller's transaction.
CREATE FUNCTION release_holds(p_order_ids uuid[], p_reason text)
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

-- release_expired_holds: the one expiry routine behind every scheduler (pg_cron, the cron
-- route, the in-process sweeper, and a hold that finds stock short). Takes up to p_batch_size
-- expired holds, skipping rows another sweeper or a confirm has locked, and releases them;
-- returns how many it released. Idempotent: a second run finds nothing. Callers repeat it while
-- it returns a full batch.
CREATE FUNCTION release_expired_holds(p_batch_size integer DEFAULT 500, p_product_id uuid DEFAULT NULL)
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
