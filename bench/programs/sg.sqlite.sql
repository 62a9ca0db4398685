-- Same generation, SQLite.
PRAGMA temp_store = MEMORY;
CREATE TABLE parent(p INTEGER NOT NULL, c INTEGER NOT NULL);
.mode tabs
.import parent.facts parent
CREATE INDEX parent_p ON parent(p);
WITH RECURSIVE sg(x, y) AS (
  SELECT p1.c, p2.c FROM parent p1 JOIN parent p2 ON p1.p = p2.p WHERE p1.c <> p2.c
  UNION
  SELECT pa.c, pb.c FROM sg JOIN parent pa ON pa.p = sg.x JOIN parent pb ON pb.p = sg.y
)
SELECT 'sg', count(*) FROM sg;
