#!/usr/bin/env bash
# tests/fuzz/hostile_seeds.sh: makes the crafted snapshots in
# tests/fuzz/corpus/merge/hostile-*.db from the demo snapshot beside them.
# Each one is a real stagekiosk file with one thing changed that SQLite
# would run or trust; merge and restore must refuse every one in seconds
# and change nothing (db/db_untrusted.h). Run it again after a schema step
# only if a seed should follow the new schema; the committed files are
# the seeds.
set -eu
dir=tests/fuzz/corpus/merge
base=$dir/demo-two-checkins.db
make_one() { # name sql
    rm -f "$dir/hostile-$1.db"
    cp "$base" "$dir/hostile-$1.db"
    sqlite3 "$dir/hostile-$1.db" "$2" "VACUUM"
}
# The report of issue 11: answers replaced by an endless recursive query.
make_one view-endless "DROP TABLE answers;
CREATE VIEW answers(id, uid, response_id, item_key, value_num, value_text, answered_at) AS
 WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r)
 SELECT x, hex(x), x, 'k', x, '', x FROM r;"
# The same on the first table a merge reads.
make_one view-checkins "DROP TABLE checkins;
CREATE VIEW checkins(id, uid, session_id, student_id, at, how, late, guest, by_whom, reason) AS
 WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r)
 SELECT x, hex(x), 1, 1, x, 'scan', 0, 0, '', '' FROM r;"
# A trigger that would write into the kiosk's own tables.
make_one trigger "CREATE TRIGGER students_steal AFTER UPDATE ON students
 BEGIN DELETE FROM checkins; END;"
# A table without a column the merge reads.
make_one missing-column "PRAGMA foreign_keys=OFF; ALTER TABLE students DROP COLUMN email;"
# An object the schema does not have.
make_one extra-table "CREATE TABLE notes(x);"
# An index whose expression runs for every row.
make_one expression-index "CREATE INDEX students_slow ON students(length(hex(zeroblob(100000))));"
