-- Written by npm run db:routines: applies the current text of each routine below, copied from its
-- file in db/routines, where the current definition of every routine lives.
-- routine db/routines/canonical-mailbox.sql
-- canonical_mailbox(email): the mailbox an address delivers to, which per-shopper limits count: lower-cased,
-- a '+tag' removed for every domain (a local part that starts with '+' is kept), and for Gmail the dots
-- removed and googlemail.com read as gmail.com. The same rule as lib/users/canonical-mailbox.ts, held to one
-- table of cases by its test. IMMUTABLE, so indexes and migrations may use it.
CREATE OR REPLACE FUNCTION canonical_mailbox(p_email text)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE
           WHEN position('@' IN a.address) = 0 THEN a.address
           WHEN d.domain = 'gmail.com' THEN replace(a.untagged, '.', '') || '@gmail.com'
           ELSE a.untagged || '@' || d.domain
         END
    FROM (SELECT lower(p_email) AS address,
                 regexp_replace(regexp_replace(lower(p_email), '@[^@]*$', ''), '^([^+]+)\+.*$', '\1') AS untagged) a,
         LATERAL (SELECT CASE WHEN s.domain = 'googlemail.com' THEN 'gmail.com' ELSE s.domain END AS domain
                    FROM (SELECT substring(a.address FROM '@([^@]*)$') AS domain) s) d
$$;
