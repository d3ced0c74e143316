CREATE TABLE "customer_allocations" (
	"product_id" uuid NOT NULL,
	"customer_email" text NOT NULL,
	"quantity" integer NOT NULL,
	CONSTRAINT "customer_allocations_product_id_customer_email_pk" PRIMARY KEY("product_id","customer_email"),
	CONSTRAINT "customer_allocations_quantity_non_negative" CHECK ("customer_allocations"."quantity" >= 0)
);
--> statement-breakpoint
CREATE TABLE "inventory_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "inventory_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"product_id" uuid NOT NULL,
	"order_id" uuid,
	"type" text NOT NULL,
	"delta" integer NOT NULL,
	"reason" text,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inventory_events_delta_matches_type" CHECK (case "inventory_events"."type"
        when 'stock_added' then "inventory_events"."delta" > 0 and "inventory_events"."order_id" is null
        when 'hold_created' then "inventory_events"."delta" < 0 and "inventory_events"."order_id" is not null
        when 'hold_released' then "inventory_events"."delta" > 0 and "inventory_events"."order_id" is not null and "inventory_events"."reason" in ('expired', 'cancelled')
        when 'order_confirmed' then "inventory_events"."delta" = 0 and "inventory_events"."order_id" is not null
        else false end)
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"product_id" uuid NOT NULL,
	"user_id" uuid,
	"customer_email" text NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price_cents" integer NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"hold_expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"confirmed_at" timestamp with time zone,
	"released_at" timestamp with time zone,
	CONSTRAINT "orders_quantity_positive" CHECK ("orders"."quantity" > 0),
	CONSTRAINT "orders_price_non_negative" CHECK ("orders"."unit_price_cents" >= 0),
	CONSTRAINT "orders_email_lower_case" CHECK ("orders"."customer_email" = lower("orders"."customer_email")),
	CONSTRAINT "orders_status_known" CHECK ("orders"."status" in ('pending', 'confirmed', 'expired', 'cancelled')),
	CONSTRAINT "orders_confirmed_stamped" CHECK (("orders"."status" = 'confirmed') = ("orders"."confirmed_at" is not null)),
	CONSTRAINT "orders_released_stamped" CHECK (("orders"."status" in ('expired', 'cancelled')) = ("orders"."released_at" is not null)),
	CONSTRAINT "orders_confirmed_in_time" CHECK ("orders"."confirmed_at" is null or "orders"."confirmed_at" <= "orders"."hold_expires_at")
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"price_cents" integer NOT NULL,
	"currency" text DEFAULT 'USD' NOT NULL,
	"total_stock" integer DEFAULT 0 NOT NULL,
	"available" integer DEFAULT 0 NOT NULL,
	"max_per_customer" integer DEFAULT 1 NOT NULL,
	"sale_starts_at" timestamp with time zone NOT NULL,
	"sale_ends_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "products_available_non_negative" CHECK ("products"."available" >= 0),
	CONSTRAINT "products_available_within_stock" CHECK ("products"."available" <= "products"."total_stock"),
	CONSTRAINT "products_price_non_negative" CHECK ("products"."price_cents" >= 0),
	CONSTRAINT "products_max_per_customer_positive" CHECK ("products"."max_per_customer" >= 1),
	CONSTRAINT "products_sale_window_ordered" CHECK ("products"."sale_ends_at" > "products"."sale_starts_at"),
	CONSTRAINT "products_name_present" CHECK (length(btrim("products"."name")) between 1 and 200),
	CONSTRAINT "products_currency_code" CHECK ("products"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
CREATE TABLE "stock_rejections" (
	"product_id" uuid NOT NULL,
	"minute" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"attempts" bigint NOT NULL,
	"units" bigint NOT NULL,
	CONSTRAINT "stock_rejections_product_id_minute_reason_pk" PRIMARY KEY("product_id","minute","reason")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" text DEFAULT 'customer' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email"),
	CONSTRAINT "users_email_lower_case" CHECK ("users"."email" = lower("users"."email")),
	CONSTRAINT "users_role_known" CHECK ("users"."role" in ('customer', 'admin'))
);
--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "inventory_events_one_per_order_and_type" ON "inventory_events" USING btree ("order_id","type") WHERE "inventory_events"."order_id" is not null;--> statement-breakpoint
CREATE INDEX "inventory_events_by_product" ON "inventory_events" USING btree ("product_id","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "inventory_events_by_time" ON "inventory_events" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "orders_pending_by_product" ON "orders" USING btree ("product_id") WHERE "orders"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "orders_pending_by_expiry" ON "orders" USING btree ("hold_expires_at") WHERE "orders"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "orders_by_product_status" ON "orders" USING btree ("product_id","status");--> statement-breakpoint
CREATE INDEX "orders_by_user" ON "orders" USING btree ("user_id","created_at" DESC NULLS LAST) WHERE "orders"."user_id" is not null;