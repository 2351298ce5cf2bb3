/* app_internal.h: the kiosk's state, shared by app.c and the flow_*.c
 * files only. Screens and lower layers never see it. */
#ifndef APP_INTERNAL_H
#define APP_INTERNAL_H

#include "db/db.h"
#include "db/db_session.h"
#include "db/db_student.h"
#include "firmware/app.h"
#include "firmware/card.h"
#include "firmware/config.h"
#include "firmware/flow.h"
#include "firmware/scanner.h"
#include "firmware/touch.h"
#include "ui/screen.h"
#include "ui/ui.h"
#include "ui/view.h"

struct app {
    struct config cfg;
    char data_dir[4096];
    int headless;               /* a scenario drives us: no hardware threads */
    struct db *db;
    struct ui *ui;
    struct card_key key;
    int64_t key_mtime;          /* card.key's, to notice an imported key */
    struct scanner scanner;

    const struct screen *screen;
    struct view view;
    struct presenter *presenter;    /* the projector's window: firmware/presenter.c */
    struct touch touch;         /* finger events and absolute pointers: firmware/touch.c */
    struct db_session session;  /* the running session, when view.has_session */
    struct db_student student;  /* who scanned last, until back to idle */
    int has_student;

    /* teacher mode: behind the PIN; only flow_teacher.c checks it */
    int teacher_in;
    int64_t teacher_seen;       /* clock_ms of the teacher's last input */
    int usb_present;
    char usb_path[4096];        /* the stick's mount point when present */

    unsigned char flow_ok[8];   /* flow i started; only then are its hooks called */

    /* each flow's own state, opaque to the others */
    struct teacher *teacher;
    struct polls *polls;
    struct student *student_state;  /* flow_student.c (a->student is who scanned) */
    struct sync_worker *sync;   /* flow_sync.c: the school sync thread, or NULL */
    struct updates *updates;    /* flow_update.c */

    int64_t screen_until;       /* clock_ms when the screen goes back; 0 = stays */
    int64_t next_poll_at;       /* next look for changes by other processes */
    int64_t next_second_at;     /* clock and countdown refresh */
    int dirty;
    int first_frame_out;        /* the flows' after_first_frame hooks ran */
    int checkpoint_due;         /* once a second, after the frame */
    int running;
    int exit_code;              /* what app_run returns */
};

/* Shows screen s; after timeout_s seconds (0: never) the kiosk goes back to
 * the idle screen by itself, with a countdown in view.seconds_left. */
void app_show(struct app *a, const struct screen *s, int timeout_s);

/* Back to the idle screen; forgets everything of the last person. */
void app_show_idle(struct app *a);

/* A short message for the person at the kiosk. */
void app_show_notice(struct app *a, enum view_notice n);

/* Reads the running session and its counts into the view. */
void app_refresh_session(struct app *a);

/* Opens the kiosk's own connection to the store at path. Its commits never
 * copy the WAL into the file (a check-in would wait for those fsyncs): the
 * loop does that once a second (db_checkpoint). NULL with err set. */
struct db *app_open_store(const char *path, char *err, size_t errlen);

/* Draws a frame now: for progress during long work on the main thread. */
void app_draw(struct app *a);

/* Tells every flow that the store changed (as when another process wrote
 * to it): a flow that wrote something others show calls it. */
void app_store_changed(struct app *a);

/* From flow_teacher.c: back to teacher mode's menu, or to the first
 * start's keypad (after a page of another flow, e.g. flow_backup.c). */
void flow_teacher_home(struct app *a);
/* Shows the menu or the stick's page again when one of them is up (their
 * buttons follow the stick and the update on it). */
void flow_teacher_refresh(struct app *a);

/* From flow_checkin.c: the student whose card code this is (valid, known,
 * current version): VIEW_NOTICE_NONE and *s filled, else what to show. */
enum view_notice flow_checkin_owner(struct app *a, const char *code, struct db_student *s);

/* From flow_checkin.c: checks in the owner of a scanned card code. On
 * success fills *s and *c and returns VIEW_NOTICE_NONE (already checked in
 * counts as success, with *already set); else what to tell the person. */
enum view_notice flow_checkin_card(struct app *a, const char *code, struct db_student *s,
                                   struct db_checkin *c, int *already);

#endif
