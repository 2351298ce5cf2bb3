/* cards_pdf.h: printable student cards as a PDF (cairo, libqrencode; no
 * SDL). A4 pages with 2 x 5 cards of credit-card size (85.6 x 54 mm) and
 * cut marks; each card shows the first name, the last name, the class, the
 * QR code of the card's payload and one line of instructions. The caller
 * gets the payloads from card_code_make() (firmware/card.h); this module
 * only draws. */
#ifndef CARDS_PDF_H
#define CARDS_PDF_H

#include <stddef.h>

#define CARDS_PDF_TEXT_MAX 200
#define CARDS_PDF_PAYLOAD_MAX 640
#define CARDS_PDF_PER_PAGE 10

struct cards_pdf_card {
    char first_name[CARDS_PDF_TEXT_MAX];
    char last_name[CARDS_PDF_TEXT_MAX];   /* with the tussenvoegsel: "de Jong" */
    char group[CARDS_PDF_TEXT_MAX];       /* klas */
    char payload[CARDS_PDF_PAYLOAD_MAX];  /* what the QR code holds */
    char heading[CARDS_PDF_TEXT_MAX];     /* small, at the top; "": "Studentenpas" */
    char line[CARDS_PDF_TEXT_MAX];        /* under the name; "": "Klas <group>" */
};

/* Writes n cards (n >= 1) to path: first as path.tmp, flushed, then renamed,
 * so a pulled stick never holds a half PDF under the real name. font is a
 * fontconfig family ("Inter"); NULL or a file path falls back to "Sans".
 * title goes into the PDF's properties. 0 or -1 with a Dutch message in
 * err. */
int cards_pdf_write(const char *path, const struct cards_pdf_card *cards, size_t n,
                    const char *font, const char *title, char *err, size_t errlen);

#endif
