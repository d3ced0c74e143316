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
