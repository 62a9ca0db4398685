-- Transitive closure, PostgreSQL.  Run as: psql -X -q -A -t -F <TAB> -f tc.pg.sql (cwd = fact dir)
\set ON_ERROR_STOP on
SET work_mem = '512MB';
SET temp_buffers = '1GB';
CREATE TEMP TABLE edge(x integer NOT NULL, y integer NOT NULL);
\copy edge FROM 'edge.facts'
CREATE INDEX edge_x ON edge(x);
ANALYZE edge;
WITH RECURSIVE path(x, y) AS (
  SELECT x, y FROM edge
  UNION
  SELECT path.x, edge.y FROM path JOIN edge ON path.y = edge.x
)
SELECT 'path', count(*) FROM path;
-- peak RSS of this server backend (read by bench/run.py)
SELECT 'vmhwm_kb', substring(pg_read_file('/proc/self/status') from 'VmHWM:\s*(\d+) kB');
