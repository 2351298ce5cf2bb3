/* view.h: what the screens show, filled in by the app from the store.
 * Screens only read it; they never touch the database. */
#ifndef VIEW_H
#define VIEW_H

#include "ui/view_backup.h"
#include "ui/view_poll.h"
#include "ui/view_student.h"
#include "ui/view_teacher.h"

/* Actions a control can carry. Each flow owns a range, so features never
 * collide: 1-99 check-in, 100-299 teacher mode (view_teacher.h), 300-499
 * polls, 500-799 the student's own screens, 900-949 backups
 * (view_backup.h), 1000-1099 the on-screen keyboard. */
enum ui_action {
    UI_ACTION_NONE,
    UI_ACTION_DONE,     /* "Klaar": back to the idle screen */
    UI_ACTION_KEYBOARD_FIRST = 1000,    /* ui/keyboard.h: its keys */
    UI_ACTION_KEYBOARD_LAST = 1099,
};

enum view_notice {
    VIEW_NOTICE_NONE,
    VIEW_NOTICE_UNKNOWN,    /* a valid card of a student we do not know */
    VIEW_NOTICE_FORGED,
    VIEW_NOTICE_REVOKED,
    VIEW_NOTICE_GARBLED,
    VIEW_NOTICE_NO_SESSION,
    VIEW_NOTICE_STORE_FAILED,
};

struct view {
    char clock[6];              /* "09:03" */
    char sync_line[96];         /* teacher mode: the school sync's state
                                   (firmware/flow_sync.c); "" = sync off */
    int has_session;
    char session_title[128];
    char session_kind[16];
    int checked_in;             /* check-ins in the running session */
    int group_size;

    /* after a scan: first name and initial only */
    char name[128];
    char checkin_time[6];
    int late, guest, already;

    enum view_notice notice;
    int seconds_left;           /* before the screen goes back by itself */

    int usb_present;            /* a stick is mounted (teacher screens only) */
    int presenter;              /* a presenter display shows the chart and cards */
    struct view_teacher teacher;
    struct view_poll poll;
    struct view_student student;
    struct view_backup backup;
};

#endif
