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
    int return_idle_s;              /* result screens go back after this */
    int late_grace_min;             /* late after start + this, by default */
    char dossier_url[CONFIG_STR_MAX];
};

/* Fills cfg with the defaults. */
void config_defaults(struct config *cfg);

/* Reads path over the current values. Returns the number of problems found
 * (each logged with its line), or -1 when the file cannot be read. */
int config_load(struct config *cfg, const char *path);

/* Same for text already in memory (tests, fuzzing). */
int config_load_string(struct config *cfg, const char *text);

#endif
