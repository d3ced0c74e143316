-- A record still in flight has no order: the command it claimed for never finished (a hold's record
-- completed in the hold's own transaction), so it is removed and a retry runs the command afresh.
DELETE FROM idempotency_keys WHERE state = 'in_flight';
--> statement-breakpoint
-- Each record's request hash is the first 16 bytes of the SHA-256 that its fingerprint held in base64url
-- (43 characters), so a retry across this change still matches its record; any other fingerprint is
-- hashed as it is (it can then match no request, which is what it matched before).
UPDATE idempotency_keys
   SET request_hash = CASE
         WHEN fingerprint ~ '^[A-Za-z0-9_-]{43}$'
           THEN substring(decode(translate(fingerprint, '-_', '+/') || '=', 'base64') FROM 1 FOR 16)
         ELSE substring(sha256(convert_to(fingerprint, 'UTF8')) FROM 1 FOR 16)
       END;
