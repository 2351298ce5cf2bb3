/* db_demo.c: 24 fictional students of group ZW2A and a running
 * terugkomdag. The names are made up. */
#include "db/db_demo.h"
#include "db/db_pin.h"
#include "db/db_session.h"
#include "db/db_student.h"
#include "base/log.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *number, *first, *prefix, *last;
} demo[24] = {
    {"100001", "Sanne", "", "Jansen"},     {"100002", "Daan", "", "Bakker"},
    {"100003", "Fatima", "el", "Amrani"},  {"100004", "Levi", "", "Çelik"},
    {"100005", "Noor", "van der", "Berg"}, {"100006", "Milan", "de", "Vries"},
    {"100007", "Emma", "", "Visser"},      {"100008", "Yusuf", "", "Demir"},
    {"100009", "Julia", "", "Smit"},       {"100010", "Sem", "", "Meijer"},
    {"100011", "Lotte", "de", "Boer"},     {"100012", "Finn", "", "Mulder"},
    {"100013", "Zoë", "", "Bos"},          {"100014", "Bram", "", "Vos"},
    {"100015", "Amira", "", "Haddou"},     {"100016", "Luuk", "", "Peters"},
    {"100017", "Tess", "", "Hendriks"},    {"100018", "Jayden", "van", "Dijk"},
    {"100019", "Sophie", "", "Dekker"},    {"100020", "Mohammed", "", "Aziz"},
    {"100021", "Eva", "van", "Leeuwen"},   {"100022", "Thijs", "", "Brouwer"},
    {"100023", "Lina", "", "Kaya"},        {"100024", "Ruben", "de", "Groot"},
};

const char *db_demo_number(int i)
{
    return i >= 0 && i < 24 ? demo[i].number : "";
}

int db_demo_seed(struct db *db, int64_t now, int64_t late_at)
{
    if (db_student_count(db, 0) == 0) {
        if (db_begin(db) != 0)
            return -1;
        for (int i = 0; i < 24; i++) {
            struct db_student s = {0};
            snprintf(s.number, sizeof s.number, "%s", demo[i].number);
            snprintf(s.first_name, sizeof s.first_name, "%s", demo[i].first);
            snprintf(s.prefix, sizeof s.prefix, "%s", demo[i].prefix);
            snprintf(s.last_name, sizeof s.last_name, "%s", demo[i].last);
            snprintf(s.group, sizeof s.group, "%s", DB_DEMO_GROUP);
            snprintf(s.programme, sizeof s.programme, "Helpende Zorg en Welzijn");
            snprintf(s.crebo, sizeof s.crebo, "25491");
            if (db_student_upsert(db, &s, now) == DB_UPSERT_ERROR) {
                db_rollback(db);
                return -1;
            }
        }
        if (db_commit(db) != 0)
            return -1;
        log_info("demo: 24 demo students added to group %s", DB_DEMO_GROUP);
    }
    if (db_pin_is_set(db) == 0) {
        if (db_pin_set(db, DB_DEMO_PIN) != 0)
            return -1;
        log_info("demo: teacher PIN is %s", DB_DEMO_PIN);
    }
    struct db_session cur;
    int running = db_session_current(db, &cur);
    if (running < 0)
        return -1;
    if (running == 0 && db_group_id(db, DB_DEMO_GROUP, 0) > 0) {
        char err[256];
        if (db_session_start(db, "terugkomdag", DB_DEMO_GROUP, "Terugkomdag 2", now, late_at, err,
                             sizeof err) < 0) {
            log_err("demo: %s", err);
            return -1;
        }
    }
    return 0;
}
