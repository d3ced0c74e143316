ALTER TABLE "customer_allocations" DROP CONSTRAINT "customer_allocations_product_id_customer_email_pk";--> statement-breakpoint
ALTER TABLE "customer_allocations" ALTER COLUMN "mailbox" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "customer_allocations" ADD CONSTRAINT "customer_allocations_product_id_mailbox_pk" PRIMARY KEY("product_id","mailbox");--> statement-breakpoint
ALTER TABLE "customer_allocations" DROP COLUMN "customer_email";