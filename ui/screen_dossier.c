/* screen_dossier.c: "Mijn dossier": growth, goals, attendance, the
 * weekcheck trend and the way to the phone, in tabs. The student sees it
 * after a scan; a teacher opens it from the attendance list, and then its
 * texts speak about the student (view.student.about). */
#include "ui/answer.h"
#include "ui/chart.h"
#include "ui/qr.h"
#include "ui/screen.h"
#include "ui/text.h"
#include "ui/theme.h"
#include "ui/widget.h"

#include <stdio.h>
#include <string.h>

/* ---- Mijn dossier ------------------------------------------------------- */

static void note(struct ui *ui, SDL_Rect area, const char *text)
{
    const struct ui_metrics *m = ui_metrics(ui);
    text_draw_wrapped(ui, text, m->body, TEXT_REGULAR, theme_text, area.x, area.y + m->gap,
                      area.w, TEXT_LEFT);
}

/* What is not there yet, said to the student ("Je hebt nog geen ...") or,
 * when a teacher looks, about them ("Sanne heeft nog geen ..."). */
static void missing(struct ui *ui, const struct view_student *s, SDL_Rect area,
                    const char *what, const char *to_student)
{
    char text[256];
    if (s->about[0])
        snprintf(text, sizeof text, "%s heeft nog geen %s.", s->about, what);
    else
        snprintf(text, sizeof text, "Je hebt nog geen %s.%s%s", what, *to_student ? " " : "",
                 to_student);
    note(ui, area, text);
}

/* "3,6" */
static void one_decimal(double v, char out[16])
{
    snprintf(out, 16, "%.1f", v);
    char *dot = strchr(out, '.');
    if (dot)
        *dot = ',';
}

/* Growth where a radar would be too small (a short landscape panel): one
 * row per competency, a lane from 1 to 5 with the first scan as a mark and
 * now as the bar, and the numbers: first -> now and the difference. */
static void growth_rows(struct ui *ui, const struct view_student *s, SDL_Rect box)
{
    const struct ui_metrics *m = ui_metrics(ui);
    const double *from = s->scans >= 3 ? s->first : s->scans == 2 ? s->previous : NULL;
    const char *from_label = s->scans >= 3 ? s->first_label : s->previous_label;
    int size = m->small, key_h = size * 13 / 10;
    int row = (box.h - key_h) / s->naxes;
    if (row > m->target)
        row = m->target;
    int name_w = box.w * 2 / 5, fig_w = box.w / 4, lane_w = box.w - name_w - fig_w - 2 * m->gap;
    for (int i = 0; i < s->naxes; i++) {
        int y = box.y + i * row, ty = y + (row - size * 5 / 4) / 2;
        text_draw_cell(ui, s->axes[i], size, TEXT_BOLD, theme_text, box.x, ty, name_w - m->gap,
                       TEXT_LEFT);
        SDL_Rect lane = {box.x + name_w, y + row / 4, lane_w, row / 2};
        widget_round_rect(ui, lane, 4, theme_panel);
        double now = s->latest[i] < 0 ? 0 : s->latest[i];
        widget_round_rect(ui, (SDL_Rect){lane.x, lane.y, (int)(lane.w * now / 5), lane.h}, 4,
                          theme_accent);
        char a[16], b[16], d[24], fig[64];
        one_decimal(now, b);
        if (from && from[i] >= 0) {
            int fx = lane.x + (int)(lane.w * from[i] / 5);
            widget_round_rect(ui, (SDL_Rect){fx - 2, lane.y - row / 8, 4, lane.h + row / 4}, 1,
                              theme_text);
            one_decimal(from[i], a);
            one_decimal(now - from[i], d + 1);
            d[0] = now - from[i] >= 0.05 ? '+' : ' ';
            snprintf(fig, sizeof fig, "%s → %s", a, b);
            text_draw(ui, fig, size, TEXT_REGULAR, theme_text, box.x + box.w - fig_w / 3, ty,
                      TEXT_RIGHT);
            text_draw(ui, d[0] == '+' ? d : d + 1, size, TEXT_BOLD,
                      now - from[i] >= 0.05    ? theme_ok
                      : now - from[i] <= -0.05 ? theme_warn
                                               : theme_text_soft,
                      box.x + box.w, ty, TEXT_RIGHT);
        } else {
            text_draw(ui, b, size, TEXT_REGULAR, theme_text, box.x + box.w, ty, TEXT_RIGHT);
        }
    }
    {
        char key[96];
        snprintf(key, sizeof key, "%s%s%sBalk: %s.", from ? "Streepje: " : "",
                 from ? from_label : "", from ? ". " : "", s->latest_label);
        text_draw_fit(ui, key, size, size * 3 / 4, TEXT_REGULAR, theme_text_soft, box.x,
                      box.y + s->naxes * row, box.w, TEXT_LEFT);
    }
}

static void growth_tab(struct ui *ui, const struct view_student *s, SDL_Rect area)
{
    const struct ui_metrics *m = ui_metrics(ui);
    if (s->scans == 0 || s->naxes == 0) {
        missing(ui, s, area, "zelfscan gedaan",
                "Doe de zelfscan: dan zie je hier hoe je groeit");
        return;
    }
    char head[160];
    snprintf(head, sizeof head, "%d %s. 1 = klopt helemaal niet, 5 = klopt helemaal.", s->scans,
             s->scans == 1 ? "zelfscan" : "zelfscans");
    int hh = text_draw_wrapped(ui, head, m->small, TEXT_REGULAR, theme_text_soft, area.x, area.y,
                               area.w, TEXT_LEFT);
    SDL_Rect box = {area.x, area.y + hh, area.w, area.h - hh};
    if (box.h > box.w)
        box.h = box.w; /* portrait: the legend right under the radar */
    const char *axes[VIEW_STUDENT_AXES];
    for (int i = 0; i < s->naxes; i++)
        axes[i] = s->axes[i];
    if (s->naxes < 3) {
        /* too few competencies for a radar: the averages as lines */
        for (int i = 0; i < s->naxes; i++) {
            char line[96];
            snprintf(line, sizeof line, "%s: %.1f", s->axes[i], s->latest[i]);
            text_draw(ui, line, m->body, TEXT_BOLD, theme_text, box.x,
                      box.y + i * m->body * 3 / 2, TEXT_LEFT);
        }
        return;
    }
    if (box.h < 280 && box.w > box.h * 2) {
        /* a radar here would be some 4 cm on a 7" panel (54 mm is 280 px):
         * rows with the figures read better */
        growth_rows(ui, s, box);
        return;
    }
    struct chart_series series[3];
    int n = 0;
    if (s->scans >= 3)
        series[n++] = (struct chart_series){CHART_FIRST, s->first_label, s->first};
    if (s->scans >= 2)
        series[n++] = (struct chart_series){CHART_PREVIOUS, s->previous_label, s->previous};
    series[n++] = (struct chart_series){CHART_LATEST, s->latest_label, s->latest};
    chart_radar(ui, box, axes, s->naxes, 0, 5, series, n);
}

static void goals_tab(struct ui *ui, const struct view_student *s, SDL_Rect area)
{
    const struct ui_metrics *m = ui_metrics(ui);
    if (s->ndgoals == 0) {
        missing(ui, s, area, "leerdoelen", "Die maak je bij de intake");
        return;
    }
    int line = m->body * 13 / 10, small = m->small * 13 / 10;
    int row_h = line + small + m->gap;
    int y = area.y, shown = 0;
    for (int i = 0; i < s->ndgoals; i++) {
        /* keep a line free for "en nog ..." when not all fit */
        int need = row_h + (i + 1 < s->ndgoals_total ? small : 0);
        if (y + need > area.y + area.h)
            break;
        const struct view_student_goal *g = &s->dgoals[i];
        widget_round_rect(ui, (SDL_Rect){area.x, y, area.w, row_h - m->gap / 2}, m->gap / 2,
                          theme_panel);
        int sw = text_width(ui, "behaald", m->body, TEXT_BOLD) + m->gap * 2;
        text_draw_fit(ui, g->text, m->body, ui_metrics(ui)->small, TEXT_REGULAR, theme_text, area.x + m->gap,
                        y + m->gap / 4, area.w - sw - m->gap * 2, TEXT_LEFT);
        text_draw(ui, g->status, m->body, TEXT_BOLD, g->done ? theme_ok : theme_accent,
                  area.x + area.w - m->gap, y + m->gap / 4, TEXT_RIGHT);
        if (g->detail[0])
            text_draw_fit(ui, g->detail, m->small, ui_metrics(ui)->small, TEXT_REGULAR, theme_text_soft,
                            area.x + m->gap, y + m->gap / 4 + line, area.w - m->gap * 2,
                            TEXT_LEFT);
        y += row_h;
        shown++;
    }
    if (shown < s->ndgoals_total) {
        char more[64];
        snprintf(more, sizeof more, "En nog %d %s.", s->ndgoals_total - shown,
                 s->ndgoals_total - shown == 1 ? "leerdoel" : "leerdoelen");
        text_draw(ui, more, m->small, TEXT_REGULAR, theme_text_soft, area.x, y, TEXT_LEFT);
    }
}

/* A day's mark: a shape per status, so colour is not the only cue. */
static void day_mark(struct ui *ui, enum view_day d, int cx, int cy, int size)
{
    if (d == VIEW_DAY_PRESENT) {
        widget_icon(ui, WIDGET_ICON_OK, cx, cy, size);
    } else if (d == VIEW_DAY_LATE) {
        widget_icon(ui, WIDGET_ICON_WARN, cx, cy, size);
    } else {
        float k = size * 0.2f, lw = size / 11.0f > 2 ? size / 11.0f : 2;
        widget_circle(ui, cx, cy, size / 2, theme_error);
        widget_line(ui, cx - k, cy - k, cx + k, cy + k, lw, theme_on_accent);
        widget_line(ui, cx - k, cy + k, cx + k, cy - k, lw, theme_on_accent);
    }
}

static void attendance_tab(struct ui *ui, const struct view_student *s, SDL_Rect area)
{
    const struct ui_metrics *m = ui_metrics(ui);
    if (s->present + s->late + s->absent == 0) {
        note(ui, area, "Er zijn nog geen terugkomdagen geweest.");
        return;
    }
    static const char *const names[3] = {"aanwezig", "te laat", "afwezig"};
    const int counts[3] = {s->present, s->late, s->absent};
    const SDL_Color tones[3] = {theme_ok, theme_warn, theme_error};
    int bw = (area.w - 2 * m->gap) / 3;
    int bh = m->title * 3 / 2;
    if (bh > area.h / 2)
        bh = area.h / 2;
    for (int i = 0; i < 3; i++) {
        SDL_Rect b = {area.x + i * (bw + m->gap), area.y, bw, bh};
        widget_round_rect(ui, b, m->gap, theme_panel);
        int d = bh * 5 / 10;
        day_mark(ui, (enum view_day)i, b.x + m->gap + d / 2, b.y + bh / 2, d);
        char num[16];
        snprintf(num, sizeof num, "%d", counts[i]);
        int ns = bh * 5 / 10;
        int tx = b.x + m->gap * 2 + d;
        int nw = text_draw(ui, num, ns, TEXT_BOLD, tones[i], tx, b.y + (bh - ns * 5 / 4) / 2,
                           TEXT_LEFT);
        text_draw_fit(ui, names[i], m->body, ui_metrics(ui)->small, TEXT_REGULAR, theme_text, tx + nw + m->gap / 2,
                        b.y + (bh - m->body * 5 / 4) / 2, b.x + b.w - tx - nw - m->gap,
                        TEXT_LEFT);
    }
    if (s->ndays == 0)
        return;
    int y = area.y + bh + m->gap * 2;
    text_draw(ui, "De laatste terugkomdagen:", m->small, TEXT_REGULAR, theme_text_soft, area.x,
              y, TEXT_LEFT);
    y += m->small * 13 / 10 + m->gap / 2;
    int cell = (area.w - (s->ndays - 1) * m->gap / 2) / s->ndays;
    if (cell > m->target)
        cell = m->target;
    int d = cell * 7 / 10;
    int label_h = m->small * 13 / 10;
    if (d > area.y + area.h - y - label_h)
        d = area.y + area.h - y - label_h;
    if (d < 8)
        return;
    for (int i = 0; i < s->ndays; i++) {
        int cx = area.x + i * (cell + m->gap / 2) + cell / 2;
        day_mark(ui, s->day[i], cx, y + d / 2, d);
        text_draw(ui, s->day_label[i], m->small * 4 / 5, TEXT_REGULAR, theme_text_soft, cx,
                  y + d + 2, TEXT_CENTER);
    }
}

static void weekcheck_tab(struct ui *ui, const struct view_student *s, SDL_Rect area)
{
    const struct ui_metrics *m = ui_metrics(ui);
    if (s->ntrend == 0) {
        missing(ui, s, area, "weekcheck gedaan", "");
        return;
    }
    int face = m->body * 3 / 4;
    answer_face(ui, area.x + face, area.y + face, face, (int)(s->trend[s->ntrend - 1] + 0.5));
    text_draw_fit(ui, s->trend_last, m->body, ui_metrics(ui)->small, TEXT_BOLD, theme_text, area.x + face * 2 + m->gap,
                    area.y + face - m->body * 5 / 8, area.w - face * 2 - m->gap, TEXT_LEFT);
    int top = face * 2 + m->gap;
    const char *labels[VIEW_STUDENT_TREND];
    for (int i = 0; i < s->ntrend; i++)
        labels[i] = s->trend_label[i];
    SDL_Rect box = {area.x, area.y + top, area.w, area.h - top};
    if (box.w > m->target * s->ntrend * 2)
        box.w = m->target * s->ntrend * 2; /* a few weeks: no bars as wide as the screen */
    chart_trend(ui, box, s->trend, s->ntrend, 1, 5, labels, CHART_BARS);
}

static void phone_tab(struct ui *ui, const struct view_student *s, SDL_Rect area)
{
    const struct ui_metrics *m = ui_metrics(ui);
    int portrait = m->h > m->w;
    int side = portrait ? (area.w < area.h * 6 / 10 ? area.w : area.h * 6 / 10)
                        : (area.h < area.w / 2 ? area.h : area.w / 2);
    SDL_Rect square = {portrait ? area.x + (area.w - side) / 2 : area.x, area.y, side, side};
    qr_draw_text(ui, s->qr_url, square);
    char line[160];
    snprintf(line, sizeof line, "De code werkt %d minuten. Daarna scan je je pas opnieuw.",
             s->qr_minutes);
    int x = portrait ? area.x : area.x + side + m->pad;
    int y = portrait ? area.y + side + m->gap : area.y;
    int w = portrait ? area.w : area.w - side - m->pad;
    y += text_draw_wrapped(ui, "Scan deze code met je telefoon. Dan zie je je dossier ook daar.",
                           m->body, TEXT_BOLD, theme_text, x, y, w, TEXT_LEFT);
    text_draw_wrapped(ui, line, m->small, TEXT_REGULAR, theme_text_soft, x, y + m->gap, w,
                      TEXT_LEFT);
}

/* The dossier's tabs: buttons whose labels share one size, the open tab
 * filled. */
static void tabs_draw(struct ui *ui, const char *const labels[], int n, int open, SDL_Rect r,
                      int cols)
{
    const struct ui_metrics *m = ui_metrics(ui);
    int rows = (n + cols - 1) / cols;
    int tw = (r.w - (cols - 1) * m->gap) / cols, th = (r.h - (rows - 1) * m->gap) / rows;
    int size = m->body * 5 / 4;
    for (int i = 0; i < n; i++)
        while (size > m->small && text_width(ui, labels[i], size, TEXT_BOLD) > tw - 2 * m->gap)
            size -= 2;
    for (int i = 0; i < n; i++) {
        SDL_Rect b = {r.x + i % cols * (tw + m->gap), r.y + i / cols * (th + m->gap), tw, th};
        int action = STUDENT_TAB_0 + i, pressed = ui_pressed(ui) == action;
        int chosen = i == open;
        widget_round_rect(ui, b, m->gap, theme_accent);
        if (!chosen || pressed) {
            SDL_Rect in = {b.x + 3, b.y + 3, b.w - 6, b.h - 6};
            widget_round_rect(ui, in, m->gap - 2, pressed ? theme_line : theme_panel);
        }
        text_draw(ui, labels[i], size, TEXT_BOLD,
                  chosen && !pressed ? theme_on_accent : theme_accent, b.x + b.w / 2,
                  b.y + (b.h - size * 5 / 4) / 2, TEXT_CENTER);
        ui_add_control(ui, b, action, labels[i]);
    }
}

static void dossier_draw(struct ui *ui, const struct view *v)
{
    const struct ui_metrics *m = ui_metrics(ui);
    const struct view_student *s = &v->student;
    screen_status_bar(ui, v);
    static const char *const tabs[VIEW_TABS] = {"Groei", "Leerdoelen", "Aanwezig", "Weekcheck",
                                                "Telefoon"};
    int ntabs = s->has_qr ? VIEW_TABS : VIEW_TABS - 1;
    int portrait = m->h > m->w;
    char who[160];
    /* the teacher sees the whole name: on its own, so it fits */
    snprintf(who, sizeof who, "%s%s", s->about[0] ? "" : "Dossier van ", v->name);
    int top = m->bar + m->gap;
    if (portrait) {
        /* a narrow panel: the name on top, the tabs in two rows */
        text_draw_fit(ui, who, m->body * 5 / 4, ui_metrics(ui)->small, TEXT_BOLD, theme_text, m->pad, top,
                        m->w - 2 * m->pad, TEXT_LEFT);
        top += m->body * 5 / 4 * 13 / 10 + m->gap / 2;
    }
    int th = answer_min_target(ui);
    int cols = portrait ? (ntabs + 1) / 2 : ntabs;
    int rows = (ntabs + cols - 1) / cols;
    tabs_draw(ui, tabs, ntabs, (int)s->tab,
              (SDL_Rect){m->pad, top, m->w - 2 * m->pad, rows * th + (rows - 1) * m->gap}, cols);
    SDL_Rect back = screen_student_nav_slot(m, 0);
    int y = top + rows * (th + m->gap);
    SDL_Rect area = {m->pad, y, m->w - 2 * m->pad, back.y - m->gap - y};
    static void (*const draw_tab[VIEW_TABS])(struct ui *, const struct view_student *,
                                             SDL_Rect) = {
        [VIEW_TAB_GROWTH] = growth_tab,         [VIEW_TAB_GOALS] = goals_tab,
        [VIEW_TAB_ATTENDANCE] = attendance_tab, [VIEW_TAB_WEEKCHECK] = weekcheck_tab,
        [VIEW_TAB_PHONE] = phone_tab,
    };
    enum view_tab tab = s->tab < VIEW_TABS ? s->tab : VIEW_TAB_PHONE;
    if (tab != VIEW_TAB_PHONE || s->has_qr)
        draw_tab[tab](ui, s, area);
    widget_button(ui, back, "Terug", STUDENT_BACK, WIDGET_SECONDARY);
    SDL_Rect mid = screen_student_nav_slot(m, 1);
    if (!portrait)
        text_draw_fit(ui, who, m->body, ui_metrics(ui)->small, TEXT_BOLD, theme_text, mid.x + mid.w / 2,
                        mid.y + (mid.h - m->body * 5 / 4) / 2, mid.w, TEXT_CENTER);
    widget_button(ui, screen_student_nav_slot(m, 2), "Afmelden", STUDENT_LOGOUT, WIDGET_PRIMARY);
    screen_student_countdown(ui, v);
}

const struct screen screen_dossier = {"dossier", dossier_draw};
