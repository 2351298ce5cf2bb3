/* test_answer.c: the answer widgets of ui/answer.h drawn headless at the
 * four panel sizes: every answer is a control a finger can hit (10 mm or
 * more, the right action all over it, none on top of another), labels stay
 * inside their button, a chosen answer looks chosen, and text that is too
 * long is cut with "..." instead of running out of its box. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "ui/answer.h"
#include "ui/keyboard.h"
#include "ui/text.h"
#include "ui/theme.h"
#include "ui/ui.h"
#include "ui/view.h"
#include "ui/widget.h"
#include "tests/testutil_ui.h"

#include <stdio.h>
#include <string.h>


#define FIRST 520

/* The box a questionnaire screen gives its answers: below the question,
 * above the bottom row (as ui/screen_student.c lays it out). */
static SDL_Rect answer_box(struct ui *ui)
{
    const struct ui_metrics *m = ui_metrics(ui);
    int top = m->bar + m->gap + m->small * 2 + m->body * 5 / 4 * 13 / 10 * 2;
    int bottom = m->h - m->pad - m->target - m->gap;
    return (SDL_Rect){m->pad, top, m->w - 2 * m->pad, bottom - top};
}

/* The control labelled label answers to action over a square of side
 * answer_min_target() around its centre (so it is at least that big), and
 * lies inside box. */
static void assert_target(struct ui *ui, const char *label, int action, SDL_Rect box)
{
    int x, y;
    if (ui_find_control(ui, label, &x, &y) != 0)
        fail_msg("no control '%s'", label);
    int half = answer_min_target(ui) / 2 - 1;
    const int dx[5] = {0, -half, half, -half, half}, dy[5] = {0, -half, -half, half, half};
    for (int i = 0; i < 5; i++) {
        if (ui_hit(ui, x + dx[i], y + dy[i]) != action)
            fail_msg("'%s' at %dx%d: %+d,%+d from its centre is not action %d",
                     label, ui_metrics(ui)->w, ui_metrics(ui)->h, dx[i], dy[i], action);
    }
    assert_true(x > box.x && x < box.x + box.w && y > box.y && y < box.y + box.h);
}

static void scale_and_faces_are_big_targets_at_every_size(void **state)
{
    (void)state;
    const char *const labels[5] = {"Klopt helemaal niet", "Meestal niet", "Soms", "Meestal wel",
                                   "Klopt helemaal"};
    const char *const faces[5] = {"Heel slecht", "Slecht", "Gaat wel", "Goed", "Heel goed"};
    for (int s = 0; s < TEST_NSIZES; s++) {
        struct ui *ui = test_ui_open(test_sizes[s].w, test_sizes[s].h);
        SDL_Rect box = answer_box(ui);

        ui_frame_begin(ui);
        answer_scale(ui, box, labels, 5, 2, FIRST);
        ui_frame_end(ui);
        for (int i = 0; i < 5; i++)
            assert_target(ui, labels[i], FIRST + i, box);
        /* between two answers there is a gap that is no answer */
        int x1, y1, x2, y2;
        ui_find_control(ui, labels[0], &x1, &y1);
        ui_find_control(ui, labels[1], &x2, &y2);
        assert_int_equal(ui_hit(ui, (x1 + x2) / 2, (y1 + y2) / 2), 0);

        ui_frame_begin(ui);
        answer_smileys(ui, box, faces, -1, FIRST);
        ui_frame_end(ui);
        for (int i = 0; i < 5; i++)
            assert_target(ui, faces[i], FIRST + i, box);
        ui_close(ui);
    }
}

/* Counts pixels of colour c in r of the last frame. */
static int count_pixels(struct ui *ui, SDL_Rect r, SDL_Color c)
{
    Uint32 *px = malloc((size_t)r.w * (size_t)r.h * 4);
    assert_non_null(px);
    assert_int_equal(SDL_RenderReadPixels(ui_renderer(ui), &r, SDL_PIXELFORMAT_ARGB8888, px,
                                          r.w * 4),
                     0);
    int n = 0;
    for (int i = 0; i < r.w * r.h; i++)
        n += ((px[i] >> 16) & 0xFF) == c.r && ((px[i] >> 8) & 0xFF) == c.g &&
             (px[i] & 0xFF) == c.b;
    free(px);
    return n;
}

static void a_chosen_answer_is_filled(void **state)
{
    (void)state;
    const char *const labels[5] = {"1a", "2b", "3c", "4d", "5e"};
    struct ui *ui = test_ui_open(800, 480);
    SDL_Rect box = answer_box(ui);
    ui_frame_begin(ui);
    answer_scale(ui, box, labels, 5, 3, FIRST);
    /* read before presenting: the software renderer keeps the frame */
    int x, y;
    ui_find_control(ui, "4d", &x, &y);
    SDL_Rect chosen = {x - 20, y - 20, 40, 40};
    ui_find_control(ui, "2b", &x, &y);
    SDL_Rect other = {x - 20, y - 20, 40, 40};
    int filled = count_pixels(ui, chosen, theme_accent);
    int plain = count_pixels(ui, other, theme_accent);
    ui_frame_end(ui);
    assert_true(filled > plain * 2);
    ui_close(ui);
}

static void options_fit_ten_in_the_small_panel(void **state)
{
    (void)state;
    const char *const labels[10] = {
        "Ik ben altijd op tijd", "Ik werk netjes", "Ik help graag anderen", "Ik leer snel",
        "Ik kan goed luisteren", "Ik blijf rustig als het druk is",
        "Ik durf vragen te stellen", "Ik werk graag samen", "Ik geef niet snel op",
        "Ik ben vriendelijk tegen klanten"};
    for (int s = 0; s < TEST_NSIZES; s++) {
        struct ui *ui = test_ui_open(test_sizes[s].w, test_sizes[s].h);
        SDL_Rect box = answer_box(ui);
        for (int check = 0; check <= 1; check++) {
            ui_frame_begin(ui);
            answer_options(ui, box, labels, 10, 1u << 3 | 1u << 6, check, FIRST);
            ui_frame_end(ui);
            for (int i = 0; i < 10; i++)
                assert_target(ui, labels[i], FIRST + i, box);
        }
        ui_close(ui);
    }
}

/* Every text line of the last frame that holds needle is at most w wide. */
static void assert_drawn_within(struct ui *ui, const char *needle, int size, int w)
{
    char all[8192];
    ui_frame_texts(ui, all, sizeof all);
    int found = 0;
    for (char *line = strtok(all, "\n"); line; line = strtok(NULL, "\n")) {
        char *start = strchr(line, '"'), *end = strrchr(line, '"');
        if (!start || end <= start)
            continue;
        *end = '\0';
        if (!strstr(start + 1, needle) || !strstr(start + 1, "\xE2\x80\xA6"))
            continue;
        found = 1;
        assert_true(text_width(ui, start + 1, size, TEXT_REGULAR) <= w);
    }
    assert_true(found);
}

static void long_text_is_cut_not_run_out(void **state)
{
    (void)state;
    struct ui *ui = test_ui_open(800, 480);
    const struct ui_metrics *m = ui_metrics(ui);
    const char *text = "Ik ga zorgvuldig om met gegevens van klanten en collega's, ook als het "
                       "druk is en niemand kijkt.";
    ui_frame_begin(ui);
    int size = text_draw_fit(ui, text, m->body, m->small, TEXT_REGULAR, theme_text, 10, 10, 300,
                               TEXT_LEFT);
    ui_frame_end(ui);
    assert_int_equal(size, m->small); /* smaller first, then cut */
    assert_drawn_within(ui, "Ik ga zorgvuldig", size, 300);
    /* the whole text is still findable for a scenario */
    assert_true(ui_frame_has_text(ui, text));

    /* cut between characters, never inside one (é is two bytes) */
    ui_frame_begin(ui);
    text_draw_fit(ui, "éééééééééééééééééééééééééééééééééééééééééééééé", m->body, m->body,
                  TEXT_REGULAR, theme_text, 10, 10, 100, TEXT_LEFT);
    ui_frame_end(ui);
    assert_drawn_within(ui, "é", m->body, 100);

    /* a short text is drawn whole and at its size */
    ui_frame_begin(ui);
    assert_int_equal(text_draw_fit(ui, "Soms", m->body, m->small, TEXT_REGULAR, theme_text, 10, 10, 300,
                                     TEXT_LEFT),
                     m->body);
    ui_frame_end(ui);
    assert_true(ui_frame_has_text(ui, "Soms"));
    ui_close(ui);
}

static void line_count_matches_wrapping(void **state)
{
    (void)state;
    struct ui *ui = test_ui_open(1280, 800);
    const struct ui_metrics *m = ui_metrics(ui);
    const char *text = "Wat wil je leren op je stage? Maak een tot drie leerdoelen.";
    int w = text_width(ui, text, m->body, TEXT_BOLD);
    assert_int_equal(text_count_lines(ui, text, m->body, TEXT_BOLD, w + 1), 1);
    int n = text_count_lines(ui, text, m->body, TEXT_BOLD, w / 2);
    assert_true(n >= 2 && n <= 3);
    ui_frame_begin(ui);
    int h = text_draw_wrapped(ui, text, m->body, TEXT_BOLD, theme_text, 0, 0, w / 2, TEXT_LEFT);
    ui_frame_end(ui);
    assert_int_equal(h, n * (m->body * 13 / 10));
    assert_int_equal(text_count_lines(ui, "", m->body, TEXT_BOLD, 100), 0);
    ui_close(ui);
}

/* The frame knows what was cut or shrunk: a scenario fails on a cut, and
 * on a control's label drawn smaller; a list cell may cut (allowed). */
static void the_frame_knows_what_was_cut(void **state)
{
    (void)state;
    struct ui *ui = test_ui_open(800, 480);
    const struct ui_metrics *m = ui_metrics(ui);
    const char *longer = "Ik ga zorgvuldig om met gegevens van klanten en collega's.";
    char what[160];
    ui_frame_begin(ui);
    text_draw_fit(ui, "Soms", m->body, m->small, TEXT_REGULAR, theme_text, 10, 10, 300, TEXT_LEFT);
    ui_frame_end(ui);
    assert_false(ui_frame_bad_fit(ui, what, sizeof what));

    ui_frame_begin(ui);
    text_draw_fit(ui, longer, m->body, m->small, TEXT_REGULAR, theme_text, 10, 10, 200, TEXT_LEFT);
    ui_frame_end(ui);
    assert_true(ui_frame_bad_fit(ui, what, sizeof what));
    assert_non_null(strstr(what, "cut"));
    assert_non_null(strstr(what, "Ik ga zorgvuldig"));

    /* a very long name in a list cell: cut, and that is accepted */
    ui_frame_begin(ui);
    int drawn = text_draw_cell(ui, longer, m->body, TEXT_REGULAR, theme_text, 10, 10, 200,
                               TEXT_LEFT);
    ui_frame_end(ui);
    assert_true(drawn > 0 && drawn <= 200);
    assert_false(ui_frame_bad_fit(ui, what, sizeof what));
    assert_true(ui_frame_has_text(ui, longer));

    /* shrunk text is fine; a shrunk control label is not */
    ui_frame_begin(ui);
    text_draw_fit(ui, "Bijeenkomst stoppen", m->body * 2, m->small, TEXT_BOLD, theme_text, 10, 10,
                  250, TEXT_LEFT);
    ui_frame_end(ui);
    assert_false(ui_frame_bad_fit(ui, what, sizeof what));
    ui_frame_begin(ui);
    text_draw_fit(ui, "Bijeenkomst stoppen", m->body * 2, m->small, TEXT_BOLD, theme_text, 10, 10,
                  250, TEXT_LEFT);
    ui_add_control(ui, (SDL_Rect){10, 10, 250, 60}, 1, "Bijeenkomst stoppen");
    ui_frame_end(ui);
    assert_true(ui_frame_bad_fit(ui, what, sizeof what));
    assert_non_null(strstr(what, "shrunk label"));

    /* a word wider than the room, wrapped: cut, and told */
    ui_frame_begin(ui);
    text_draw_wrapped(ui, "Arbeidsomstandighedenwetgeving", m->body, TEXT_REGULAR, theme_text, 0,
                      0, 100, TEXT_LEFT);
    ui_frame_end(ui);
    assert_true(ui_frame_bad_fit(ui, what, sizeof what));
    ui_close(ui);
}

/* A button's label keeps the one button size, on two lines when needed;
 * choices too long for tiles become a list of whole labels. */
static void buttons_and_choices_never_cut_or_shrink(void **state)
{
    (void)state;
    const char *const poll[] = {"1. Hoe tevreden ben je over wat je leert op je stage?",
                                "2. Hoe goed begeleidt je praktijkopleider je op je stage?",
                                "3. Hoe goed begeleidt de school je tijdens je stage?"};
    const char *const menu[] = {"Aanwezigheid", "Bijeenkomst stoppen", "Polls", "Signalen",
                                "Oude gegevens wissen", "Datum en tijd"};
    const int actions[] = {150, 151, 152, 153, 154, 155};
    char what[160];
    for (int s = 0; s < TEST_NSIZES; s++) {
        struct ui *ui = test_ui_open(test_sizes[s].w, test_sizes[s].h);
        const struct ui_metrics *m = ui_metrics(ui);
        SDL_Rect box = {m->pad, m->bar + m->pad, m->w - 2 * m->pad, m->h / 2};
        for (int k = 0; k < 2; k++) {
            ui_frame_begin(ui);
            if (k == 0)
                widget_choices(ui, box, menu, actions, 6, -1);
            else
                widget_choices(ui, box, poll, actions, 3, 1);
            ui_frame_end(ui);
            if (ui_frame_bad_fit(ui, what, sizeof what))
                fail_msg("%dx%d: %s", m->w, m->h, what);
            const char *const *labels = k == 0 ? menu : poll;
            for (int i = 0; i < (k == 0 ? 6 : 3); i++) {
                int x, y;
                assert_int_equal(ui_find_control(ui, labels[i], &x, &y), 0);
                assert_int_equal(ui_hit(ui, x, y), actions[i]);
            }
        }
        ui_close(ui);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scale_and_faces_are_big_targets_at_every_size),
        cmocka_unit_test(a_chosen_answer_is_filled),
        cmocka_unit_test(options_fit_ten_in_the_small_panel),
        cmocka_unit_test(long_text_is_cut_not_run_out),
        cmocka_unit_test(line_count_matches_wrapping),
        cmocka_unit_test(the_frame_knows_what_was_cut),
        cmocka_unit_test(buttons_and_choices_never_cut_or_shrink),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
