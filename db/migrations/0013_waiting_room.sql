CREATE TABLE "queues" (
	"product_id" uuid PRIMARY KEY NOT NULL,
	"seed" text NOT NULL,
	"commitment" text NOT NULL,
	"drawn_at" timestamp with time zone,
	"drawn_entries" integer DEFAULT 0 NOT NULL,
	"last_position" integer DEFAULT 0 NOT NULL,
	"serving" integer DEFAULT 0 NOT NULL,
	"waiting" integer DEFAULT 0 NOT NULL,
	"credit" double precision DEFAULT 0 NOT NULL,
	"ticked_at" timestamp with time zone,
	"notice" text,
	CONSTRAINT "queues_commitment_of_seed" CHECK ("queues"."commitment" = encode(sha256(convert_to("queues"."seed", 'UTF8')), 'hex')),
	CONSTRAINT "queues_serving_within_places" CHECK ("queues"."serving" between 0 and "queues"."last_position"),
	CONSTRAINT "queues_credit_fraction" CHECK ("queues"."credit" >= 0 and "queues"."credit" < 1)
);
--> statement-breakpoint
CREATE TABLE "tickets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"product_id" uuid NOT NULL,
	"shopper" text NOT NULL,
	"user_id" uuid,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "tickets_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"joined_at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
	"position" integer,
	"draw_key" text,
	"status" text DEFAULT 'waiting' NOT NULL,
	"admitted_at" timestamp with time zone,
	"admitted_until" timestamp with time zone,
	"order_id" uuid,
	"ended_at" timestamp with time zone,
	CONSTRAINT "tickets_status_known" CHECK ("tickets"."status" in ('waiting', 'admitted', 'used', 'lapsed', 'closed')),
	CONSTRAINT "tickets_position_positive" CHECK ("tickets"."position" is null or "tickets"."position" >= 1),
	CONSTRAINT "tickets_shopper_lower_case" CHECK ("tickets"."shopper" = lower("tickets"."shopper")),
	CONSTRAINT "tickets_admission_stamped" CHECK (("tickets"."status" in ('admitted', 'used', 'lapsed')) = ("tickets"."admitted_until" is not null and "tickets"."position" is not null)),
	CONSTRAINT "tickets_used_has_order" CHECK (("tickets"."status" = 'used') = ("tickets"."order_id" is not null))
);
--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "admission" text DEFAULT 'first_come' NOT NULL;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "queue_opens_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "admit_per_minute" integer DEFAULT 60 NOT NULL;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "admission_ttl_seconds" integer DEFAULT 180 NOT NULL;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "queue_paused" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_one_per_shopper" ON "tickets" USING btree ("product_id","shopper");--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_one_per_place" ON "tickets" USING btree ("product_id","position");--> statement-breakpoint
CREATE INDEX "tickets_waiting_by_place" ON "tickets" USING btree ("product_id","position") WHERE "tickets"."status" = 'waiting';--> statement-breakpoint
CREATE INDEX "tickets_admitted_by_deadline" ON "tickets" USING btree ("product_id","admitted_until") WHERE "tickets"."status" = 'admitted';--> statement-breakpoint
CREATE INDEX "tickets_by_product_status" ON "tickets" USING btree ("product_id","status");--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_admission_known" CHECK ("products"."admission" in ('first_come', 'queue'));--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_queue_opens_in_time" CHECK ("products"."admission" = 'first_come' or ("products"."queue_opens_at" is not null and "products"."queue_opens_at" <= "products"."sale_starts_at"));--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_admit_per_minute_positive" CHECK ("products"."admit_per_minute" >= 1);--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_admission_ttl_positive" CHECK ("products"."admission_ttl_seconds" >= 1);