/* dossier.h: fills the view for the dossier screen (ui/screen_student.c,
 * screen_dossier) from the store: for the student who scanned ("Mijn
 * dossier") and for a teacher who opens a student's dossier from the
 * attendance list. Both show the same numbers. */
#ifndef DOSSIER_H
#define DOSSIER_H

#include "firmware/app_internal.h"

/* Fills view.student's dossier fields for student s (and the QR code, when
 * a dossier URL is set). 0, or -1 when the store cannot be read. */
int dossier_fill(struct app *a, const struct db_student *s);

/* "12-03": day and month of a unix time. */
void dossier_day_label(int64_t at, char out[8]);

#endif
