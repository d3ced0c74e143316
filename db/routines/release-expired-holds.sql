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
