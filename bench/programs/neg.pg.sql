-- Stratified negation (unreachable pairs), PostgreSQL.
\set ON_ERROR_STOP on
SET work_mem = '512MB';
SET temp_buffers = '1GB';
CREATE TEMP TABLE node(x integer NOT NULL);
CREATE TEMP TABLE edge(x integer NOT NULL, y integer NOT NULL);
\copy node FROM 'node.facts'
\copy edge FROM 'edge.facts'
CREATE INDEX edge_x ON edge(x);
ANALYZE node;
ANALYZE edge;
CREATE TEMP TABLE path AS
WITH RECURSIVE p(x, y) AS (
  SELECT x, y FROM edge
  UNION
  SELECT p.x, edge.y FROM p JOIN edge ON p.y = edge.x
)
SELECT x, y FROM p;
ANALYZE path;
SELECT 'unreach', count(*)
FROM node a CROSS JOIN node b
WHERE NOT EXISTS (SELECT 1 FROM path WHERE path.x = a.x AND path.y = b.x);
-- peak RSS of this server backend (read by bench/run.py)
SELECT 'vmhwm_kb', substring(pg_read_file('/proc/self/status') from 'VmHWM:\s*(\d+) kB');
