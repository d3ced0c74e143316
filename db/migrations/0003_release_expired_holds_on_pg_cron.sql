-- release_all_expired_holds: what pg_cron runs every minute. Calls release_expired_holds (the one
-- expiry routine) batch after batch, committing each batch so row locks are held only briefly and
-- a confirm waits on at most one batch; stops at the first batch that is not full. Safe beside
-- every other scheduler: the routine skips rows another caller has locked. `released` reports the
-- number of holds released (CALL returns it).
CREATE PROCEDURE release_all_expired_holds(p_batch_size integer DEFAULT 500, p_max_batches integer DEFAULT 1000, INOUT released integer DEFAULT 0)
LANGUAGE plpgsql AS $$
DECLARE
  v_batch integer;
BEGIN
  released := 0;
  FOR i IN 1..p_max_batches LOOP
    v_batch := release_expired_holds(p_batch_size);
    released := released + v_batch;
    COMMIT;
    EXIT WHEN v_batch < p_batch_size;
  END LOOP;
END
$$;
--> statement-breakpoint

-- pg_cron, where the server has it: schedules release_all_expired_holds every minute for this
-- database. pg_cron keeps its jobs in one database (cron.database_name). When that is this
-- database the job is scheduled here; when it is another one, the app schedules the job from
-- there at start-up (db/pg-cron.ts, cron.schedule_in_database). Where pg_cron is absent, not
-- loaded or not ours to create, this says so and changes nothing: the cron route and the
-- in-process sweeper release expired holds instead.
DO $$
DECLARE
  v_cron_database text := current_setting('cron.database_name', true);
  v_job text := 'flash-sale-release-expired-holds:' || current_database();
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_cron') THEN
    RAISE NOTICE 'pg_cron is not available on this server; expired holds are released by GET /api/cron/release-holds and the in-process sweeper.';
    RETURN;
  END IF;
  IF v_cron_database IS NULL THEN
    RAISE NOTICE 'pg_cron is installed but not loaded (shared_preload_libraries); expiry is not scheduled in the database.';
    RETURN;
  END IF;
  IF v_cron_database <> current_database() THEN
    RAISE NOTICE 'pg_cron runs in database %; the app schedules job % from there when it starts.', v_cron_database, v_job;
    RETURN;
  END IF;
  BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_cron;
  EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'pg_cron is loaded but this role may not create the extension; expiry is not scheduled in the database.';
    RETURN;
  END;
  EXECUTE format('SELECT cron.schedule(%L, %L, %L)', v_job, '* * * * *', 'CALL release_all_expired_holds()');
  RAISE NOTICE 'pg_cron job % releases expired holds every minute.', v_job;
END
$$;
