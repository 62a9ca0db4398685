-- Stratified negation (unreachable pairs), SQLite.
PRAGMA temp_store = MEMORY;
CREATE TABLE node(x INTEGER NOT NULL);
CREATE TABLE edge(x INTEGER NOT NULL, y INTEGER NOT NULL);
.mode tabs
.import node.facts node
.import edge.facts edge
CREATE INDEX edge_x ON edge(x);
CREATE TABLE path(x INTEGER NOT NULL, y INTEGER NOT NULL, PRIMARY KEY (x, y)) WITHOUT ROWID;
INSERT INTO path
WITH RECURSIVE p(x, y) AS (
  SELECT x, y FROM edge
  UNION
  SELECT p.x, edge.y FROM p JOIN edge ON p.y = edge.x
)
SELECT x, y FROM p;
SELECT 'unreach', count(*)
FROM node a CROSS JOIN node b
WHERE NOT EXISTS (SELECT 1 FROM path WHERE path.x = a.x AND path.y = b.x);
