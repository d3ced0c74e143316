ALTER TABLE "idempotency_keys" DROP CONSTRAINT "idempotency_keys_state_known";--> statement-breakpoint
DROP INDEX "idempotency_keys_by_age";--> statement-breakpoint
ALTER TABLE "idempotency_keys" ALTER COLUMN "request_hash" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "idempotency_keys_by_age" ON "idempotency_keys" USING brin ("created_at");--> statement-breakpoint
ALTER TABLE "idempotency_keys" DROP COLUMN "fingerprint";--> statement-breakpoint
ALTER TABLE "idempotency_keys" DROP COLUMN "state";--> statement-breakpoint
ALTER TABLE "idempotency_keys" DROP COLUMN "status_code";--> statement-breakpoint
ALTER TABLE "idempotency_keys" DROP COLUMN "response";--> statement-breakpoint
ALTER TABLE "idempotency_keys" DROP COLUMN "locked_at";--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_request_hash_short" CHECK (octet_length("idempotency_keys"."request_hash") = 16);