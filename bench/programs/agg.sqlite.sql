-- Grouped aggregates, SQLite.
PRAGMA temp_store = MEMORY;
CREATE TABLE val(id INTEGER NOT NULL, g INTEGER NOT NULL, v INTEGER NOT NULL);
.mode tabs
.import val.facts val
CREATE TABLE stats AS SELECT g, count(*) AS n, sum(v) AS s, avg(v) AS m FROM val GROUP BY g;
SELECT 'stats', count(*) FROM stats;
