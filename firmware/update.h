/* update.h: a new version of the whole system from a USB stick, through
 * RAUC (image/README.md, "Updates"). A bundle (*.raucb) is checked before
 * anything changes: RAUC itself verifies the signature against the kiosk's
 * keyring (`rauc info`), `veritysetup verify` reads the whole payload
 * against the signed hash, and the bundle must be for this system and
 * newer than the running version. Installing is `rauc install` (the RAUC
 * service writes the slot that is not running, as root); the kiosk then
 * asks the system to restart. Every tool runs as a child process and the
 * caller polls, so the screen never waits. libc only. */
#ifndef UPDATE_H
#define UPDATE_H

#include <stddef.h>

#define UPDATE_PATH_MAX 256
#define UPDATE_VERSION_MAX 32
#define UPDATE_MESSAGE_MAX 256

/* Where things are; update_paths_default() gives the appliance's. */
struct update_paths {
    char system_conf[UPDATE_PATH_MAX]; /* RAUC's: compatible, keyring path */
    char release[UPDATE_PATH_MAX];     /* one line: the running version */
    char state_dir[UPDATE_PATH_MAX];   /* updated/rolledback notes (stagekiosk-confirm) */
    char reboot_request[UPDATE_PATH_MAX]; /* created to ask root to restart */
    char rauc[UPDATE_PATH_MAX];        /* programs, searched in PATH */
    char veritysetup[UPDATE_PATH_MAX];
    char fallback_version[UPDATE_VERSION_MAX]; /* when release is missing */
};

void update_paths_default(struct update_paths *p);

enum update_state {
    UPDATE_IDLE,
    UPDATE_CHECKING,   /* rauc info, then veritysetup verify */
    UPDATE_READY,      /* checked: may be installed */
    UPDATE_REFUSED,    /* see update_refusal(); nothing changed */
    UPDATE_INSTALLING, /* rauc install: update_progress() */
    UPDATE_INSTALLED,  /* the other slot boots next */
    UPDATE_FAILED,     /* install failed; the running slot stays */
};

enum update_refusal {
    UPDATE_REFUSE_NONE,
    UPDATE_REFUSE_UNSIGNED,
    UPDATE_REFUSE_OTHER_KEY,
    UPDATE_REFUSE_DAMAGED,
    UPDATE_REFUSE_TRUNCATED,
    UPDATE_REFUSE_OTHER_SYSTEM, /* another compatible: device or architecture */
    UPDATE_REFUSE_NOT_NEWER,
    UPDATE_REFUSE_UNSUPPORTED,  /* no RAUC on this system, or a tool failed to run */
};

struct update;

/* NULL paths: the appliance's. NULL on out of memory. */
struct update *update_new(const struct update_paths *paths);
void update_free(struct update *u);

/* The first *.raucb file (by name) in dir: 1 found (its path in out),
 * 0 none. Hidden files are skipped. */
int update_find(const char *dir, char *out, size_t n);

/* The running version (release file, else the fallback). */
const char *update_running(const struct update *u);

/* Starts checking bundle; poll until it leaves UPDATE_CHECKING. 0 started,
 * -1 refused at once (state UPDATE_REFUSED). */
int update_check(struct update *u, const char *bundle);

/* Installs the checked bundle (state UPDATE_READY). 0 started, -1 not. */
int update_install(struct update *u);

/* Advances: reads the tools' output, notices when they end. Never blocks. */
enum update_state update_poll(struct update *u);

enum update_state update_state(const struct update *u);
enum update_refusal update_refusal(const struct update *u);
int update_progress(const struct update *u);        /* 0-100 while installing */
const char *update_bundle_version(const struct update *u); /* "" before checked */
/* A short Dutch sentence for the screen about the current state. */
const char *update_message(const struct update *u);

/* Stops a running tool (the teacher left); back to UPDATE_IDLE. A running
 * install is left to finish: RAUC's service does the writing. */
void update_cancel(struct update *u);

/* Asks the system to restart (creates paths->reboot_request). 0/-1. */
int update_request_reboot(const struct update *u);

/* What the last update did, for teacher mode: a Dutch sentence naming the
 * running version. Returns 2 when an update was rolled back, 1 when this
 * version came by an update, 0 otherwise (stagekiosk-confirm writes
 * state_dir/rolledback and state_dir/updated). */
int update_status(const struct update *u, char *out, size_t n);

/* a < b: -1, equal: 0, a > b: 1, for dotted numeric versions ("0.10.2");
 * -2 when either is not one. */
int update_version_cmp(const char *a, const char *b);

#endif
