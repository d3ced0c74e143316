-- Written by npm run db:routines: applies the current text of each routine below, copied from its
-- file in db/routines, where the current definition of every routine lives.
-- routine db/routines/canonical-mailbox.sql
-- canonical_mailbox(email): the mailbox an address delivers to, which per-shopper limits count: lower-cased,
-- a '+tag' removed for every domain (a local part that starts with '+' is kept), and for Gmail the dots
-- removed and googlemail.com read as gmail.com. The same rule as lib/users/canonical-mailbox.ts, held to one
-- table of cases by its test. IMMUTABLE, so indexes and migrations may use it; one expression and not
-- STRICT, so the planner inlines it into the calling query (a NULL address gives NULL all the same).
CREATE OR REPLACE FUNCTION canonical_mailbox(p_email text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
           WHEN strpos(p_email, '@') = 0 THEN lower(p_email)
           WHEN regexp_replace(lower(p_email), '^.*@', '') IN ('gmail.com', 'googlemail.com')
             THEN replace(regexp_replace(regexp_replace(lower(p_email), '@[^@]*$', ''), '^([^+]+)\+.*$', '\1'), '.', '')
                  || '@gmail.com'
           ELSE regexp_replace(regexp_replace(lower(p_email), '@[^@]*$', ''), '^([^+]+)\+.*$', '\1')
                || '@' || regexp_replace(lower(p_email), '^.*@', '')
         END
$$;
