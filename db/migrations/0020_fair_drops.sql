CREATE TABLE "spent_challenges" (
	"signature" text PRIMARY KEY NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "customer_allocations" ADD COLUMN "mailbox" text;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "accounts_only" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "bot_check" text DEFAULT 'off' NOT NULL;--> statement-breakpoint
CREATE INDEX "spent_challenges_by_expiry" ON "spent_challenges" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "users_by_mailbox" ON "users" USING btree (canonical_mailbox("email"));--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_bot_check_known" CHECK ("products"."bot_check" in ('off', 'proof_of_work'));