/* view_backup.h: what the backup screens show (firmware/flow_backup.c,
 * ui/screen_backup.c), and their action ids (900-949). Teacher pages:
 * never on the presenter display. */
#ifndef VIEW_BACKUP_H
#define VIEW_BACKUP_H

#include "ui/keyboard.h"

#define VIEW_BACKUP_FILES 6

enum backup_action {
    BACKUP_MAKE = 900,      /* teacher menu: "Back-up maken" */
    BACKUP_RESTORE,         /* first start: "Back-up terugzetten" */
    BACKUP_BACK,
    BACKUP_OK,              /* the message page's button */
    BACKUP_FILE_0 = 920,    /* 920-925: a backup file on the stick */
};

enum view_backup_mode { VIEW_BACKUP_FILES_LIST, VIEW_BACKUP_PASSPHRASE, VIEW_BACKUP_MESSAGE };

struct view_backup {
    int first_start;            /* the keypad offers "Back-up terugzetten" */
    enum view_backup_mode mode;
    char title[128];
    char message[384];
    int warn;                   /* message in the warning colour */
    char files[VIEW_BACKUP_FILES][96];
    int nfiles;
    struct keyboard kb;
    struct keyboard_text pass;  /* drawn as dots, never as text */
};

#endif
