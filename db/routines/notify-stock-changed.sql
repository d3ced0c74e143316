-- notify_stock_changed and its triggers on products: every change to a product's stock or sale window
-- sends one notification on channel stock_changed, in the transaction that makes it, so listeners hear
-- it exactly when (and only if) it commits, in commit order (lib/live/stock-hub.ts listens). The payload
-- carries what a listener needs to derive the status.
--
-- Invariants kept: none (numbered as in the design, section 3); it reports committed stock, it never
-- changes it. Triggers cannot be replaced in place on every server, so they are dropped and created.
CREATE OR REPLACE FUNCTION notify_stock_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('stock_changed', json_build_object(
    'productId', NEW.id,
    'available', NEW.available,
    'saleStartsAt', NEW.sale_starts_at,
    'saleEndsAt', NEW.sale_ends_at)::text);
  RETURN NULL;
END
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS products_stock_inserted ON products;
--> statement-breakpoint
CREATE TRIGGER products_stock_inserted
AFTER INSERT ON products
FOR EACH ROW EXECUTE FUNCTION notify_stock_changed();
--> statement-breakpoint
DROP TRIGGER IF EXISTS products_stock_changed ON products;
--> statement-breakpoint
CREATE TRIGGER products_stock_changed
AFTER UPDATE OF available, sale_starts_at, sale_ends_at ON products
FOR EACH ROW
WHEN (OLD.available IS DISTINCT FROM NEW.available
   OR OLD.sale_starts_at IS DISTINCT FROM NEW.sale_starts_at
   OR OLD.sale_ends_at IS DISTINCT FROM NEW.sale_ends_at)
EXECUTE FUNCTION notify_stock_changed();
