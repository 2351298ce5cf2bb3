/* config.h: the kiosk's settings from an INI file (inih). Every key has a
 * default; an unknown key or a bad value is logged with its line number and
 * the default stays. The keys are one table in config.c. */
#ifndef CONFIG_H
#define CONFIG_H

#define CONFIG_STR_MAX 512

struct config {
    char data_dir[CONFIG_STR_MAX];  /* "" = the platform default */
    int fullscreen;
    int width, height;              /* 0 = the screen's own size */
    int rotation;                   /* 0, 90, 180, 270 */
    char font[CONFIG_STR_MAX];      /* a font file or a fontconfig name */
    int software_render;            /* draw without the GPU */
    int presenter;                  /* use a second display for the room */
    char media_root[CONFIG_STR_MAX];/* USB sticks are mounted below this */
    int teacher_idle_s;             /* teacher mode leaves after this */
    int retention_months;           /* purge students inactive this long */
    int return_idle_s;              /* result screens go back after this */
    int late_grace_min;             /* late after start + this, by default */
    char dossier_url[CONFIG_STR_MAX];
    int dossier_token_minutes;      /* a dossier QR's token is valid this long */
    int student_idle_s;             /* a student's own screens log out after this */
    int student_menu_s;             /* the welcome with a menu stays this long */
    /* [buttons]: arcade buttons on GPIO, read by firmware/buttons.h */
    char buttons_chip[CONFIG_STR_MAX];
    char buttons_pins[CONFIG_STR_MAX]; /* "17,27,22,23,24": line offsets */
    char buttons_leds[CONFIG_STR_MAX]; /* LED line per button, "-" none */
    int buttons_active_low;
    int debounce_ms;                /* edges closer than this are bounce */
    int lockout_ms;                 /* all buttons locked after a vote */
    int stuck_ms;                   /* held longer: stuck, stops counting */
    /* [poll] */
    int poll_min_votes;             /* fewer votes: only n is shown */
    int poll_hide_results;          /* results hidden until revealed */
    int poll_verified_s;            /* verified: seconds to press after a scan */
    /* [school]: sync with the school's PostgreSQL; "" database = off */
    char school_database[CONFIG_STR_MAX];   /* a libpq connection string */
    char school_password_file[CONFIG_STR_MAX];
    int school_interval_s;          /* seconds between rounds while all is well */
};

/* Fills cfg with the defaults. */
void config_defaults(struct config *cfg);

/* Reads path over the current values. Returns the number of problems found
 * (each logged with its line), or -1 when the file cannot be read. */
int config_load(struct config *cfg, const char *path);

/* Same for text already in memory (tests, fuzzing). */
int config_load_string(struct config *cfg, const char *text);

#endif
