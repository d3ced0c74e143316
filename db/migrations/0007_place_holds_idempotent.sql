-- place_holds, now also completing each held request's Idempotency-Key record (when the request
-- carries one) in the same transaction as its order: after a crash, a retry with the same key
-- finds either the committed order or no effect at all, never a second hold. Otherwise as in
-- 0001_inventory_functions.sql.
CREATE OR REPLACE FUNCTION place_holds(p_product_id uuid, p_requests jsonb, p_ttl_seconds integer)
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
           (r.value->>'quantity')::integer AS quantity,
           r.value->>'idempotencyScope' AS idempotency_scope,
           r.value->>'idempotencyKey' AS idempotency_key
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
        -- The caller's Idempotency-Key record completes in the hold's own transaction.
        IF v_request.idempotency_key IS NOT NULL THEN
          UPDATE idempotency_keys k SET state = 'completed', order_id = v_order_id, status_code = 201
           WHERE k.scope = v_request.idempotency_scope AND k.key = v_request.idempotency_key;
        END IF;
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
