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
