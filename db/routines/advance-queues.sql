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
