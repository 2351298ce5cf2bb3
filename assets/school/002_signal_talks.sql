-- 002_signal_talks.sql: signals a teacher has talked about ("besproken")
-- travel too, so a signal marked on one kiosk leaves the list on the
-- others. One row per mark; a mark never changes.
CREATE TABLE stagekiosk.signal_talks (
    uid text PRIMARY KEY,
    student_number text NOT NULL,
    kind integer NOT NULL,
    cause_at bigint NOT NULL,
    at bigint NOT NULL,
    origin text NOT NULL,
    seq bigint NOT NULL);

CREATE INDEX signal_talks_seq ON stagekiosk.signal_talks (seq);
CREATE INDEX signal_talks_student ON stagekiosk.signal_talks (student_number);
CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON stagekiosk.signal_talks
    FOR EACH ROW EXECUTE FUNCTION stagekiosk.stamp();
GRANT SELECT, INSERT ON stagekiosk.signal_talks TO stagekiosk_kiosk;
