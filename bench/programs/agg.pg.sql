-- Grouped aggregates, PostgreSQL.
\set ON_ERROR_STOP on
SET work_mem = '512MB';
SET temp_buffers = '1GB';
CREATE TEMP TABLE val(id integer NOT NULL, g integer NOT NULL, v integer NOT NULL);
\copy val FROM 'val.facts'
CREATE TEMP TABLE stats AS SELECT g, count(*) AS n, sum(v) AS s, avg(v) AS m FROM val GROUP BY g;
SELECT 'stats', count(*) FROM stats;
-- peak RSS of this server backend (read by bench/run.py)
SELECT 'vmhwm_kb', substring(pg_read_file('/proc/self/status') from 'VmHWM:\s*(\d+) kB');
