CREATE TABLE "inventory_minutes" (
	"minute" timestamp with time zone PRIMARY KEY NOT NULL,
	"events" bigint DEFAULT 0 NOT NULL,
	"holds" bigint DEFAULT 0 NOT NULL,
	"confirmations" bigint DEFAULT 0 NOT NULL,
	"expirations" bigint DEFAULT 0 NOT NULL,
	"cancellations" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inventory_rollup" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"sealed_until" timestamp with time zone NOT NULL,
	CONSTRAINT "inventory_rollup_single_row" CHECK ("inventory_rollup"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "inventory_totals" (
	"product_id" uuid PRIMARY KEY NOT NULL,
	"events" bigint DEFAULT 0 NOT NULL,
	"holds" bigint DEFAULT 0 NOT NULL,
	"confirmations" bigint DEFAULT 0 NOT NULL,
	"expirations" bigint DEFAULT 0 NOT NULL,
	"cancellations" bigint DEFAULT 0 NOT NULL,
	"held_units" bigint DEFAULT 0 NOT NULL,
	"confirmed_units" bigint DEFAULT 0 NOT NULL,
	"expired_units" bigint DEFAULT 0 NOT NULL,
	"cancelled_units" bigint DEFAULT 0 NOT NULL,
	"revenue_cents" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX "stock_rejections_by_minute" ON "stock_rejections" USING btree ("minute");