ALTER TABLE "users" ADD COLUMN "session_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Ends every session of an account whose password changes or whose admin role is taken away, by
-- whatever path the change comes (the app, the admin CLI, plain SQL).
CREATE FUNCTION users_end_sessions_on_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.password_hash IS DISTINCT FROM OLD.password_hash OR (OLD.role = 'admin' AND NEW.role <> 'admin') THEN
    NEW.session_version := OLD.session_version + 1;
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER users_end_sessions_on_change BEFORE UPDATE OF password_hash, role ON users
  FOR EACH ROW EXECUTE FUNCTION users_end_sessions_on_change();
