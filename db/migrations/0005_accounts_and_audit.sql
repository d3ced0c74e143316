CREATE TABLE "rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"window_started_at" timestamp with time zone NOT NULL,
	"hits" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "inventory_events" DROP CONSTRAINT "inventory_events_delta_matches_type";--> statement-breakpoint
CREATE INDEX "rate_limits_by_window" ON "rate_limits" USING btree ("window_started_at");--> statement-breakpoint
ALTER TABLE "inventory_events" ADD CONSTRAINT "inventory_events_delta_matches_type" CHECK (case "inventory_events"."type"
        when 'stock_added' then "inventory_events"."delta" > 0 and "inventory_events"."order_id" is null
        when 'hold_created' then "inventory_events"."delta" < 0 and "inventory_events"."order_id" is not null
        when 'hold_released' then "inventory_events"."delta" > 0 and "inventory_events"."order_id" is not null and "inventory_events"."reason" in ('expired', 'cancelled')
        when 'order_confirmed' then "inventory_events"."delta" = 0 and "inventory_events"."order_id" is not null
        when 'product_changed' then "inventory_events"."delta" = 0 and "inventory_events"."order_id" is null
        else false end);