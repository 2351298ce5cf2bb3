/* dossier.c: the dossier's numbers into the view (dossier.h). */
#include "firmware/dossier.h"
#include "db/db_dossier.h"
#include "db/db_questionnaire.h"
#include "base/clock.h"
#include "base/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LIST_MAX 32                 /* questionnaires looked at */

void dossier_day_label(int64_t at, char out[8])
{
    time_t t = (time_t)at;
    struct tm tm;
    localtime_r(&t, &tm);
    snprintf(out, 8, "%02d-%02d", tm.tm_mday % 100, (tm.tm_mon + 1) % 100);
}

/* The name of the first questionnaire of this kind in the store. */
static void first_of_kind(struct app *a, const char *kind, char out[QUESTIONNAIRE_KEY_MAX])
{
    struct db_questionnaire_info *list = calloc(LIST_MAX, sizeof *list);
    out[0] = '\0';
    int n = list ? db_questionnaire_list(a->db, list, LIST_MAX) : -1;
    for (int i = 0; i < n && !out[0]; i++)
        if (!strcmp(list[i].kind, kind))
            snprintf(out, QUESTIONNAIRE_KEY_MAX, "%s", list[i].name);
    free(list);
}

/* "communicatie" -> "Communicatie"; '-' and '_' become spaces. */
static void axis_name(const char *category, char *out, size_t outlen)
{
    snprintf(out, outlen, "%s", category);
    for (char *p = out; *p; p++)
        if (*p == '-' || *p == '_')
            *p = ' ';
    if (out[0] >= 'a' && out[0] <= 'z')
        out[0] = (char)(out[0] - 'a' + 'A');
}

static void dossier_qr(struct app *a, const struct db_student *s)
{
    struct view_student *v = (&a->view.student);
    v->has_qr = 0;
    v->qr_url[0] = '\0';
    if (!a->cfg.dossier_url[0])
        return;
    char token[CARD_TOKEN_MAX];
    long long expires = clock_unix() + a->cfg.dossier_token_minutes * 60LL;
    if (card_token_make(&a->key, s->number, expires, token, sizeof token) != 0 ||
        card_url_fill(a->cfg.dossier_url, token, v->qr_url, sizeof v->qr_url) != 0) {
        log_warn("dossier: no QR code for student %s (number or URL too long)",
                 s->number);
        v->qr_url[0] = '\0';
        return;
    }
    v->has_qr = 1;
    v->qr_minutes = a->cfg.dossier_token_minutes;
}

/* The weekcheck's smiley label for value, from its newest version. */
static void smiley_label(struct app *a, const char *weekcheck, int value, char *out,
                         size_t outlen)
{
    struct questionnaire *q = weekcheck[0] ? db_questionnaire_newest(a->db, weekcheck) : NULL;
    snprintf(out, outlen, "%d", value);
    for (int i = 0; q && i < q->nitems; i++)
        if (q->items[i].type == QUESTIONNAIRE_ITEM_SMILEY && value >= 1 && value <= q->items[i].noptions) {
            snprintf(out, outlen, "%s", q->items[i].options[value - 1]);
            break;
        }
    questionnaire_free(q);
}

static void fill(struct app *a, const struct db_dossier *d, const char *weekcheck)
{
    struct view_student *v = (&a->view.student);
    const struct db_dossier_scans *sc = &d->scans;
    v->scans = sc->count;
    v->naxes = sc->ncat < VIEW_STUDENT_AXES ? sc->ncat : VIEW_STUDENT_AXES;
    for (int i = 0; i < v->naxes; i++) {
        axis_name(sc->category[i], v->axes[i], sizeof v->axes[i]);
        v->latest[i] = sc->latest[i];
        v->previous[i] = sc->previous[i];
        v->first[i] = sc->first[i];
    }
    char when[8];
    dossier_day_label(sc->latest_at, when);
    snprintf(v->latest_label, sizeof v->latest_label, "Nu (%s)", when);
    dossier_day_label(sc->previous_at, when);
    snprintf(v->previous_label, sizeof v->previous_label, "Vorige (%s)", when);
    dossier_day_label(sc->first_at, when);
    snprintf(v->first_label, sizeof v->first_label, "Eerste (%s)", when);

    v->ndgoals_total = d->ngoals_total;
    v->ndgoals = d->ngoals < VIEW_STUDENT_DGOALS ? d->ngoals : VIEW_STUDENT_DGOALS;
    for (int i = 0; i < v->ndgoals; i++) {
        const struct db_goal *g = &d->goals[i];
        struct view_student_goal *o = &v->dgoals[i];
        snprintf(o->text, sizeof o->text, "%s", g->text);
        int n = 0;
        o->detail[0] = '\0';
        if (g->by_when[0])
            n = snprintf(o->detail, sizeof o->detail, "Wanneer: %.140s", g->by_when);
        if (g->proof[0] && n >= 0 && (size_t)n < sizeof o->detail)
            snprintf(o->detail + n, sizeof o->detail - (size_t)n, "%sGelukt als: %.140s",
                     n ? " · " : "", g->proof);
        snprintf(o->status, sizeof o->status, "%s", db_goal_status_name(g->status));
        o->done = g->status == DB_GOAL_DONE;
    }

    const struct db_dossier_attendance *at = &d->attendance;
    v->present = at->present;
    v->late = at->late;
    v->absent = at->absent;
    v->ndays = at->n < VIEW_STUDENT_DAYS ? at->n : VIEW_STUDENT_DAYS;
    for (int i = 0; i < v->ndays; i++) {
        const struct db_attendance_day *day = &at->day[at->n - v->ndays + i];
        v->day[i] = day->status == DB_ATTENDANCE_PRESENT ? VIEW_DAY_PRESENT
                    : day->status == DB_ATTENDANCE_LATE  ? VIEW_DAY_LATE
                                                         : VIEW_DAY_ABSENT;
        dossier_day_label(day->at, v->day_label[i]);
    }

    const struct db_dossier_trend *t = &d->weekcheck;
    v->ntrend = t->n < VIEW_STUDENT_TREND ? t->n : VIEW_STUDENT_TREND;
    for (int i = 0; i < v->ntrend; i++) {
        int k = t->n - v->ntrend + i;
        v->trend[i] = t->value[k];
        dossier_day_label(t->at[k], v->trend_label[i]);
    }
    v->trend_last[0] = '\0';
    if (v->ntrend) {
        char label[QUESTIONNAIRE_LABEL_MAX];
        smiley_label(a, weekcheck, (int)(v->trend[v->ntrend - 1] + 0.5), label, sizeof label);
        snprintf(v->trend_last, sizeof v->trend_last, "Laatste weekcheck (%s): %s",
                 v->trend_label[v->ntrend - 1], label);
    }
}

int dossier_fill(struct app *a, const struct db_student *s)
{
    char zelfscan[QUESTIONNAIRE_KEY_MAX], weekcheck[QUESTIONNAIRE_KEY_MAX];
    first_of_kind(a, "zelfscan", zelfscan);
    first_of_kind(a, "weekcheck", weekcheck);
    struct db_dossier *d = calloc(1, sizeof *d);
    if (!d || db_dossier_load(a->db, s->id, zelfscan, VIEW_STUDENT_TREND, d) != 0) {
        free(d);
        return -1;
    }
    fill(a, d, weekcheck);
    free(d);
    dossier_qr(a, s);
    a->view.student.tab = VIEW_TAB_GROWTH;
    a->view.student.about[0] = '\0';
    return 0;
}
