-- 001_schema.sql: the school's side of stagekiosk sync (issue 15).
-- Run by `stagekiosk school init` as the database's admin role, once, in
-- one transaction; stagekiosk.schema_version records it. Never edit a file
-- that has shipped: add 002_....sql.
--
-- Every synced table has `seq`, given by the server from one sequence
-- while a transaction-wide advisory lock is held, so rows become visible
-- in seq order and a kiosk can pull "everything after seq N" without
-- trusting any kiosk's clock. `origin` is the login role of the kiosk
-- that first recorded the row. Both are set by triggers, never by kiosks.
-- Rows refer to each other by what is the same on every kiosk: a
-- student's number, a group's name, a row's uid, a questionnaire's or
-- poll set's (name, hash).

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'stagekiosk_kiosk') THEN
        CREATE ROLE stagekiosk_kiosk NOLOGIN;
    END IF;
END $$;

CREATE SEQUENCE stagekiosk.change_seq;

CREATE FUNCTION stagekiosk.stamp() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = stagekiosk, pg_temp AS $$
BEGIN
    -- Pushes take turns: a seq handed out is visible before any larger one.
    PERFORM pg_advisory_xact_lock(4215015);
    NEW.seq := nextval('stagekiosk.change_seq');
    IF TG_OP = 'INSERT' THEN
        NEW.origin := session_user;
    ELSE
        NEW.origin := OLD.origin;
    END IF;
    RETURN NEW;
END $$;

CREATE TABLE stagekiosk.students (
    number text PRIMARY KEY,
    uid text NOT NULL,
    first_name text NOT NULL,
    prefix text NOT NULL,
    last_name text NOT NULL,
    initials text NOT NULL,
    email text NOT NULL,
    programme text NOT NULL,
    crebo text NOT NULL,
    group_name text,
    card_version integer NOT NULL,
    updated_at bigint NOT NULL,
    origin text NOT NULL,
    seq bigint NOT NULL);

CREATE TABLE stagekiosk.sessions (
    uid text PRIMARY KEY,
    kind text NOT NULL,
    title text NOT NULL,
    group_name text NOT NULL,
    started_at bigint NOT NULL,
    late_at bigint,
    ended_at bigint,
    origin text NOT NULL,
    seq bigint NOT NULL);

CREATE TABLE stagekiosk.checkins (
    uid text PRIMARY KEY,
    session_uid text NOT NULL,
    student_number text NOT NULL,
    at bigint NOT NULL,
    how text NOT NULL,
    late integer NOT NULL,
    guest integer NOT NULL,
    by_whom text NOT NULL,
    reason text NOT NULL,
    origin text NOT NULL,
    seq bigint NOT NULL);

-- A questionnaire version with its items (a JSON array); the same text
-- loaded on two kiosks is one row.
CREATE TABLE stagekiosk.questionnaires (
    name text NOT NULL,
    hash text NOT NULL,
    kind text NOT NULL,
    title text NOT NULL,
    source text NOT NULL,
    loaded_at bigint NOT NULL,
    items jsonb NOT NULL,
    origin text NOT NULL,
    seq bigint NOT NULL,
    PRIMARY KEY (name, hash));

CREATE TABLE stagekiosk.responses (
    uid text PRIMARY KEY,
    student_number text NOT NULL,
    questionnaire_name text NOT NULL,
    questionnaire_hash text NOT NULL,
    session_uid text,
    started_at bigint NOT NULL,
    finished_at bigint,
    origin text NOT NULL,
    seq bigint NOT NULL);

-- One answer per (response, item): an answer cleared and given again on
-- the kiosk gets a new uid, and the newest push wins.
CREATE TABLE stagekiosk.answers (
    response_uid text NOT NULL,
    item_key text NOT NULL,
    uid text NOT NULL,
    value_num bigint,
    value_text text,
    answered_at bigint NOT NULL,
    origin text NOT NULL,
    seq bigint NOT NULL,
    PRIMARY KEY (response_uid, item_key));

CREATE TABLE stagekiosk.learning_goals (
    uid text PRIMARY KEY,
    student_number text NOT NULL,
    response_uid text,
    text text NOT NULL,
    by_when text NOT NULL,
    proof text NOT NULL,
    status text NOT NULL,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    origin text NOT NULL,
    seq bigint NOT NULL);

-- A poll set version with its questions and their options (JSON).
CREATE TABLE stagekiosk.poll_sets (
    name text NOT NULL,
    hash text NOT NULL,
    title text NOT NULL,
    loaded_at bigint NOT NULL,
    questions jsonb NOT NULL,
    origin text NOT NULL,
    seq bigint NOT NULL,
    PRIMARY KEY (name, hash));

-- Closed polls only (a poll travels once it can no longer change).
CREATE TABLE stagekiosk.polls (
    uid text PRIMARY KEY,
    set_name text NOT NULL,
    set_hash text NOT NULL,
    question_number integer NOT NULL,
    session_uid text,
    verified integer NOT NULL,
    opened_at bigint NOT NULL,
    revealed_at bigint,
    closed_at bigint NOT NULL,
    rejected integer NOT NULL,
    origin text NOT NULL,
    seq bigint NOT NULL);

-- A poll's result: votes per option, never single votes. Verified polls
-- keep who voted apart, as on the kiosk (HACKING.md "Verified polls"):
-- neither table has a time, a sequence, an id or a column that orders
-- them; both are written in the poll's one push, voters in student-number
-- order, so not even the table's physical order links a voter to a vote.
CREATE TABLE stagekiosk.poll_results (
    poll_uid text NOT NULL REFERENCES stagekiosk.polls(uid),
    option integer NOT NULL,
    votes integer NOT NULL,
    PRIMARY KEY (poll_uid, option));

CREATE TABLE stagekiosk.poll_voters (
    poll_uid text NOT NULL REFERENCES stagekiosk.polls(uid),
    student_number text NOT NULL,
    PRIMARY KEY (poll_uid, student_number));

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['students', 'sessions', 'checkins', 'questionnaires',
                             'responses', 'answers', 'learning_goals', 'poll_sets', 'polls']
    LOOP
        EXECUTE format('CREATE INDEX %I ON stagekiosk.%I (seq)', t || '_seq', t);
        EXECUTE format('CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON stagekiosk.%I'
                       ' FOR EACH ROW EXECUTE FUNCTION stagekiosk.stamp()', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE ON stagekiosk.%I TO stagekiosk_kiosk', t);
    END LOOP;
END $$;

CREATE INDEX sessions_group ON stagekiosk.sessions (group_name);
CREATE INDEX students_group ON stagekiosk.students (group_name);
CREATE INDEX checkins_session ON stagekiosk.checkins (session_uid);
CREATE INDEX responses_student ON stagekiosk.responses (student_number);

-- Kiosks add results and voters of a closed poll once; they never change
-- or delete them, and nothing here can be deleted by a kiosk at all.
GRANT SELECT, INSERT ON stagekiosk.poll_results, stagekiosk.poll_voters TO stagekiosk_kiosk;
GRANT USAGE ON SCHEMA stagekiosk TO stagekiosk_kiosk;
REVOKE ALL ON FUNCTION stagekiosk.stamp() FROM PUBLIC;
GRANT SELECT ON stagekiosk.schema_version TO stagekiosk_kiosk;
