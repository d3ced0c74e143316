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
