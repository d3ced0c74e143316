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
