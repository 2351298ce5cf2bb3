/* chart.h: charts drawn from plain numbers: a radar chart (the
 * ontwikkelingswijzer: competency scores of up to three zelfscans) and a
 * small trend chart (the weekcheck smileys). No store access; the screen
 * passes numbers from db_dossier.h through its view.
 *
 * The three radar series differ in colour AND in line style and marker, so
 * colour is never the only cue:
 *   latest    blue, solid thick line, filled area, round markers
 *   previous  orange-brown, dashed line, triangle markers
 *   first     grey, dotted line, square markers */
#ifndef CHART_H
#define CHART_H

#include "ui/ui.h"

#include <SDL.h>

#define CHART_AXES_MAX 12
#define CHART_SERIES_MAX 3

enum chart_style { CHART_FIRST, CHART_PREVIOUS, CHART_LATEST };

struct chart_series {
    enum chart_style style;
    const char *label;              /* in the legend, e.g. "Nu (30-11)" */
    const double *values;           /* one per axis; < 0: no value there */
};

/* A radar chart with its legend inside box: naxes (3..CHART_AXES_MAX)
 * spokes, the first pointing up, labelled axes[i]; a ring per whole step
 * from lo to hi; series drawn first to last (pass the latest last, so it is
 * on top). The legend goes right of the chart in a wide box, else below.
 * lo is the centre: for scores 1..5 pass lo 0, so a 1 is still a shape and
 * not a point in the middle. */
void chart_radar(struct ui *ui, SDL_Rect box, const char *const axes[], int naxes, double lo,
                 double hi, const struct chart_series *series, int nseries);

enum chart_trend_style { CHART_BARS, CHART_LINE };

/* A small trend chart in box: n values (oldest first; < 0: none that time)
 * between lo and hi, as bars or a line with markers, with a faint line per
 * whole step and, when labels is not NULL, a label under each value (some
 * are left out when they would overlap). Each bar shows its value. */
void chart_trend(struct ui *ui, SDL_Rect box, const double *values, int n, double lo, double hi,
                 const char *const *labels, enum chart_trend_style style);

/* A bar in a lane of its own: the lane (a light track) fills lane, the bar
 * covers fraction 0..1 of it from the left in colour c, with a dark rim so
 * a white or yellow bar shows too. A bar above 0 is at least half as wide
 * as it is high, so a single vote shows. */
void chart_lane_bar(struct ui *ui, SDL_Rect lane, double fraction, SDL_Color c);

#endif
