-- users_end_sessions_on_change and its trigger on users: ends every session of an account whose password
-- changes or whose admin role is taken away, by whatever path the change comes (the app, the admin CLI,
-- plain SQL), by raising its session_version; a session token carrying an older version stands for
-- nobody (checked on every request: app/_lib/auth.ts).
--
-- Invariants kept: none of the stock invariants (numbered as in the design, section 3); it keeps the
-- access rule that a demoted admin's or an old password's sessions end. Triggers cannot be replaced in
-- place on every server, so the trigger is dropped and created.
CREATE OR REPLACE FUNCTION users_end_sessions_on_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.password_hash IS DISTINCT FROM OLD.password_hash OR (OLD.role = 'admin' AND NEW.role <> 'admin') THEN
    NEW.session_version := OLD.session_version + 1;
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS users_end_sessions_on_change ON users;
--> statement-breakpoint
CREATE TRIGGER users_end_sessions_on_change BEFORE UPDATE OF password_hash, role ON users
  FOR EACH ROW EXECUTE FUNCTION users_end_sessions_on_change();
