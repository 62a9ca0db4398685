-- Transitive closure, SQLite.  Run as: sqlite3 :memory: < tc.sqlite.sql (cwd = fact dir)
PRAGMA temp_store = MEMORY;
CREATE TABLE edge(x INTEGER NOT NULL, y INTEGER NOT NULL);
.mode tabs
.import edge.facts edge
CREATE INDEX edge_x ON edge(x);
WITH RECURSIVE path(x, y) AS (
  SELECT x, y FROM edge
  UNION
  SELECT path.x, edge.y FROM path JOIN edge ON path.y = edge.x
)
SELECT 'path', count(*) FROM path;
