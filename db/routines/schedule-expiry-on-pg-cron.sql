-- The pg_cron job, where the server has pg_cron: schedules release_all_expired_holds every minute for
-- this database. pg_cron keeps its jobs in one database (cron.database_name). When that is this
-- database the job is scheduled here; when it is another one, the app schedules the same job from there
-- at start-up (db/pg-cron.ts, cron.schedule_in_database; tests/routines.test.ts checks that both name
-- the same schedule and command). Where pg_cron is absent, not loaded or not ours to create, this says
-- so and changes nothing: the cron route and the in-process sweeper release expired holds instead.
-- Running it again is harmless: cron.schedule replaces the job of the same name.
--
-- Invariants kept: none itself; the job runs release_all_expired_holds (2-5, numbered as in the
-- design, section 3).
DO $$
DECLARE
  v_cron_database text := current_setting('cron.database_name', true);
  v_job text := 'flash-sale-release-expired-holds:' || current_database();
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_cron') THEN
    RAISE NOTICE 'pg_cron is not available on this server; expired holds are released by '
      'GET /api/cron/release-holds and the in-process sweeper.';
    RETURN;
  END IF;
  IF v_cron_database IS NULL THEN
    RAISE NOTICE 'pg_cron is installed but not loaded (shared_preload_libraries); '
      'expiry is not scheduled in the database.';
    RETURN;
  END IF;
  IF v_cron_database <> current_database() THEN
    RAISE NOTICE 'pg_cron runs in database %; the app schedules job % from there when it starts.',
      v_cron_database, v_job;
    RETURN;
  END IF;
  BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_cron;
  EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'pg_cron is loaded but this role may not create the extension; '
      'expiry is not scheduled in the database.';
    RETURN;
  END;
  EXECUTE format('SELECT cron.schedule(%L, %L, %L)', v_job, '* * * * *', 'CALL release_all_expired_holds()');
  RAISE NOTICE 'pg_cron job % releases expired holds every minute.', v_job;
END
$$;
