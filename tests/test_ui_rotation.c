/* test_ui_rotation.c: a picture turned on a portrait panel lands where it
 * should, and touches map back to the picture's coordinates. */
#include "ui/ui.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

static struct ui *open_turned(int rotation)
{
    char err[256];
    struct ui_options o = {.width = 480, .height = 800, .headless = 1, .rotation = rotation};
    struct ui *ui = ui_open(&o, err, sizeof err);
    if (!ui)
        fail_msg("%s", err);
    return ui;
}

/* The colour of panel pixel x, y after the last frame. */
static Uint32 panel_pixel(struct ui *ui, int x, int y)
{
    Uint32 px = 0;
    SDL_Rect r = {x, y, 1, 1};
    SDL_RenderReadPixels(ui_renderer(ui), &r, SDL_PIXELFORMAT_ARGB8888, &px, 4);
    return px & 0xffffff;
}

static void picture_is_landscape_on_a_portrait_panel(void **state)
{
    struct ui *ui = open_turned(90);
    assert_int_equal(ui_metrics(ui)->w, 800);
    assert_int_equal(ui_metrics(ui)->h, 480);
    /* a red block in the picture's top-left corner */
    ui_frame_begin(ui);
    SDL_SetRenderDrawColor(ui_renderer(ui), 255, 0, 0, 255);
    SDL_Rect red = {0, 0, 40, 40};
    SDL_RenderFillRect(ui_renderer(ui), &red);
    ui_frame_end(ui);
    /* turned clockwise, the picture's top-left is the panel's top-right */
    assert_int_equal(panel_pixel(ui, 470, 10), 0xff0000);
    assert_int_not_equal(panel_pixel(ui, 10, 10), 0xff0000);
    assert_int_not_equal(panel_pixel(ui, 470, 790), 0xff0000);
    ui_close(ui);
}

static void touches_map_both_ways(void **state)
{
    int rotations[] = {0, 90, 180, 270};
    for (int i = 0; i < 4; i++) {
        struct ui *ui = open_turned(rotations[i]);
        int x = 700, y = 50;
        ui_to_panel(ui, &x, &y);
        ui_from_panel(ui, &x, &y);
        assert_int_equal(x, 700);
        assert_int_equal(y, 50);
        if (rotations[i] == 90) {
            /* the picture's top-left corner is touched at the panel's top-right */
            int px = 479, py = 0;
            ui_from_panel(ui, &px, &py);
            assert_true(px <= 1 && py <= 1);
        }
        ui_close(ui);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(picture_is_landscape_on_a_portrait_panel),
        cmocka_unit_test(touches_map_both_ways),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
