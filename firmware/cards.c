/* cards.c: from a group's roster to a PDF of cards (ui/cards_pdf.c draws
 * them). */
#include "firmware/cards.h"
#include "db/db_roster.h"
#include "base/log.h"
#include "ui/cards_pdf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct card_list {
    const struct config *cfg;
    const struct card_key *key;
    struct cards_pdf_card *cards;
    size_t n, cap;
    struct cards_result *out;
};

static int add_card(void *user, const struct db_student *s)
{
    struct card_list *l = user;
    char payload[CARDS_PDF_PAYLOAD_MAX];
    if (card_payload(l->key, s->number, s->card_version, l->cfg->dossier_url, payload,
                     sizeof payload) != 0) {
        log_warn("cards: no card for student %s: the number cannot go on a card", s->number);
        if (!l->out->skipped++)
            snprintf(l->out->skipped_first, sizeof l->out->skipped_first, "%s %s (%s)",
                     s->first_name, s->last_name, s->number);
        return 0;
    }
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 32;
        struct cards_pdf_card *more = realloc(l->cards, cap * sizeof *more);
        if (!more)
            return -1;
        l->cards = more;
        l->cap = cap;
    }
    struct cards_pdf_card *c = &l->cards[l->n++];
    memset(c, 0, sizeof *c);
    snprintf(c->first_name, sizeof c->first_name, "%s", s->first_name);
    snprintf(c->last_name, sizeof c->last_name, "%s%s%s", s->prefix, s->prefix[0] ? " " : "",
             s->last_name);
    snprintf(c->group, sizeof c->group, "%s", s->group);
    snprintf(c->payload, sizeof c->payload, "%s", payload);
    return 0;
}

int cards_write_group(struct db *db, const struct card_key *key, const struct config *cfg,
                      const char *group, const char *path, struct cards_result *out, char *err,
                      size_t errlen)
{
    memset(out, 0, sizeof *out);
    err[0] = '\0';
    struct card_list l = {.cfg = cfg, .key = key, .out = out};
    int rc = -1;
    int n = db_roster_group(db, group, add_card, &l);
    if (n < 0 || (n > 0 && l.n == 0 && out->skipped == 0)) {
        snprintf(err, errlen, "De studenten konden niet worden gelezen.");
        goto done;
    }
    if (l.n == 0) {
        snprintf(err, errlen, "Groep %s heeft geen studenten. Importeer eerst de studentenlijst.",
                 group);
        goto done;
    }
    char title[256], tmp[4200];
    snprintf(title, sizeof title, "Passen van klas %s", group);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    if (cards_pdf_write(tmp, l.cards, l.n, cfg->font, title, err, errlen) != 0 ||
        rename(tmp, path) != 0) {
        if (!err[0])
            snprintf(err, errlen, "Het bestand %s kan niet worden geschreven.", path);
        unlink(tmp);
        goto done;
    }
    out->written = (int)l.n;
    out->pages = (int)((l.n + CARDS_PDF_PER_PAGE - 1) / CARDS_PDF_PER_PAGE);
    log_info("cards: %d cards of group %s written to %s (%d skipped)", out->written, group, path,
             out->skipped);
    rc = 0;
done:
    free(l.cards);
    return rc;
}
