DROP INDEX "orders_pending_by_product";--> statement-breakpoint
CREATE INDEX "orders_pending_by_product" ON "orders" USING btree ("product_id","hold_expires_at") WHERE "orders"."status" = 'pending';