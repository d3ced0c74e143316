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
