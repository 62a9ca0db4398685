-- Same generation, PostgreSQL.
\set ON_ERROR_STOP on
SET work_mem = '512MB';
SET temp_buffers = '1GB';
CREATE TEMP TABLE parent(p integer NOT NULL, c integer NOT NULL);
\copy parent FROM 'parent.facts'
CREATE INDEX parent_p ON parent(p);
ANALYZE parent;
WITH RECURSIVE sg(x, y) AS (
  SELECT p1.c, p2.c FROM parent p1 JOIN parent p2 ON p1.p = p2.p WHERE p1.c <> p2.c
  UNION
  SELECT pa.c, pb.c FROM sg JOIN parent pa ON pa.p = sg.x JOIN parent pb ON pb.p = sg.y
)
SELECT 'sg', count(*) FROM sg;
-- peak RSS of this server backend (read by bench/run.py)
SELECT 'vmhwm_kb', substring(pg_read_file('/proc/self/status') from 'VmHWM:\s*(\d+) kB');
