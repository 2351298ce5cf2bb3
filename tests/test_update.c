/* test_update.c: the update checks against real bundles that `rauc bundle`
 * made (tests/update_bundles.sh): each kind of wrong bundle is refused
 * with its own reason, a good one is accepted, and `rauc install`'s
 * progress and result come through (a stand-in rauc prints them). */
#include "firmware/update.h"
#include "tests/testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <sys/stat.h>

static char dir[256];

static int make_bundles(void **state)
{
    snprintf(dir, sizeof dir, "%s", test_tmpdir());
    char cmd[512];
    snprintf(cmd, sizeof cmd, "bash tests/update_bundles.sh '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static struct update *open_update(const char *rauc)
{
    struct update_paths p;
    update_paths_default(&p);
    snprintf(p.system_conf, sizeof p.system_conf, "%s/system.conf", dir);
    snprintf(p.release, sizeof p.release, "%s/release", dir);
    snprintf(p.state_dir, sizeof p.state_dir, "%s", dir);
    snprintf(p.reboot_request, sizeof p.reboot_request, "%s/reboot", dir);
    if (rauc)
        snprintf(p.rauc, sizeof p.rauc, "%s", rauc);
    struct update *u = update_new(&p);
    assert_non_null(u);
    return u;
}

static enum update_state run(struct update *u)
{
    for (int i = 0; i < 3000; i++) {
        enum update_state s = update_poll(u);
        if (s != UPDATE_CHECKING && s != UPDATE_INSTALLING)
            return s;
        usleep(10 * 1000);
    }
    fail_msg("the update tools did not finish in 30 s");
    return UPDATE_FAILED;
}

static enum update_refusal check(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s.raucb", dir, name);
    struct update *u = open_update(NULL);
    enum update_refusal r = UPDATE_REFUSE_NONE;
    if (update_check(u, path) == 0)
        run(u);
    if (update_state(u) == UPDATE_REFUSED) {
        r = update_refusal(u);
        assert_true(strstr(update_message(u), "Er is niets veranderd") != NULL);
    } else {
        assert_int_equal(update_state(u), UPDATE_READY);
    }
    update_free(u);
    return r;
}

static void a_good_bundle_is_accepted(void **state)
{
    char path[512];
    snprintf(path, sizeof path, "%s/good.raucb", dir);
    struct update *u = open_update(NULL);
    assert_string_equal(update_running(u), "0.1.0");
    assert_int_equal(update_check(u, path), 0);
    assert_int_equal(run(u), UPDATE_READY);
    assert_string_equal(update_bundle_version(u), "0.2.0");
    assert_string_equal(update_message(u), "Nieuwe versie 0.2.0 \xe2\x80\x94 nu 0.1.0");
    update_free(u);
}

static void each_wrong_bundle_is_refused_for_its_reason(void **state)
{
    assert_int_equal(check("unsigned"), UPDATE_REFUSE_UNSIGNED);
    assert_int_equal(check("otherkey"), UPDATE_REFUSE_OTHER_KEY);
    assert_int_equal(check("damaged"), UPDATE_REFUSE_DAMAGED);
    assert_int_equal(check("truncated"), UPDATE_REFUSE_TRUNCATED);
    assert_int_equal(check("amd64"), UPDATE_REFUSE_OTHER_SYSTEM);
    assert_int_equal(check("same"), UPDATE_REFUSE_NOT_NEWER);
    assert_int_equal(check("older"), UPDATE_REFUSE_NOT_NEWER);
    assert_int_equal(check("plain"), UPDATE_REFUSE_DAMAGED);
    assert_int_equal(check("text"), UPDATE_REFUSE_DAMAGED);
    assert_int_equal(check("missing"), UPDATE_REFUSE_DAMAGED);
}

static void not_newer_names_both_versions(void **state)
{
    char path[512];
    snprintf(path, sizeof path, "%s/same.raucb", dir);
    struct update *u = open_update(NULL);
    update_check(u, path);
    assert_int_equal(run(u), UPDATE_REFUSED);
    assert_string_equal(update_message(u),
                        "Versie 0.1.0 is niet nieuwer dan versie 0.1.0 die nu draait. Er is niets veranderd.");
    update_free(u);
}

static void without_rauc_config_nothing_is_offered(void **state)
{
    struct update_paths p;
    update_paths_default(&p);
    snprintf(p.system_conf, sizeof p.system_conf, "%s/none.conf", dir);
    snprintf(p.fallback_version, sizeof p.fallback_version, "0.1.0");
    snprintf(p.release, sizeof p.release, "%s/none", dir);
    struct update *u = update_new(&p);
    char path[512];
    snprintf(path, sizeof path, "%s/good.raucb", dir);
    assert_string_equal(update_running(u), "0.1.0");
    assert_int_equal(update_check(u, path), -1);
    assert_int_equal(update_refusal(u), UPDATE_REFUSE_UNSUPPORTED);
    update_free(u);
}

/* A stand-in for `rauc install` (the real one needs the RAUC service,
 * root and device-mapper): prints progress like rauc does, then exits. */
static const char *fake_rauc(int status)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/fake-rauc-%d", dir, status);
    FILE *f = fopen(path, "w");
    fprintf(f, "#!/bin/sh\n"
               "case \"$1\" in install) ;; *) exec rauc \"$@\" ;; esac\n"
               "for p in 0 10 40 80; do echo \"$p%% Installing\"; sleep 0.05; done\n"
               "%s\n",
            status == 0 ? "echo '100% Installing done.'; echo \"Installing `$2` succeeded\"; exit 0"
                        : "echo 'LastError: Installation error: failed writing' >&2; exit 1");
    fclose(f);
    chmod(path, 0755);
    return path;
}

static void install_shows_progress_then_asks_for_a_restart(void **state)
{
    char path[512];
    snprintf(path, sizeof path, "%s/good.raucb", dir);
    struct update *u = open_update(fake_rauc(0));
    assert_int_equal(update_install(u), -1); /* not checked yet */
    update_check(u, path);
    assert_int_equal(run(u), UPDATE_READY);
    assert_int_equal(update_install(u), 0);
    int seen = 0;
    while (update_poll(u) == UPDATE_INSTALLING) {
        if (update_progress(u) > 0 && update_progress(u) < 100)
            seen = 1;
        usleep(5000);
    }
    assert_true(seen);
    assert_int_equal(update_state(u), UPDATE_INSTALLED);
    assert_int_equal(update_progress(u), 100);
    assert_int_equal(update_request_reboot(u), 0);
    char reboot[512];
    snprintf(reboot, sizeof reboot, "%s/reboot", dir);
    assert_int_equal(access(reboot, F_OK), 0);
    update_free(u);
}

static void a_failed_install_keeps_the_running_version(void **state)
{
    char path[512];
    snprintf(path, sizeof path, "%s/good.raucb", dir);
    struct update *u = open_update(fake_rauc(1));
    update_check(u, path);
    assert_int_equal(run(u), UPDATE_READY);
    assert_int_equal(update_install(u), 0);
    assert_int_equal(run(u), UPDATE_FAILED);
    assert_string_equal(update_message(u), "De installatie is mislukt. De kiosk blijft op versie 0.1.0.");
    update_free(u);
}

static void status_says_rolled_back_or_updated(void **state)
{
    struct update *u = open_update(NULL);
    char msg[256], path[512];
    update_status(u, msg, sizeof msg);
    assert_string_equal(msg, "Versie 0.1.0 draait.");
    snprintf(path, sizeof path, "%s/updated", dir);
    FILE *f = fopen(path, "w");
    fputs("0.1.0\n", f);
    fclose(f);
    update_status(u, msg, sizeof msg);
    assert_string_equal(msg, "Bijgewerkt: versie 0.1.0 draait.");
    snprintf(path, sizeof path, "%s/rolledback", dir);
    f = fopen(path, "w");
    fputs("0.2.0\n", f);
    fclose(f);
    update_status(u, msg, sizeof msg);
    assert_string_equal(msg, "De update naar 0.2.0 is teruggedraaid. Versie 0.1.0 draait.");
    update_free(u);
}

static void versions_compare_by_number(void **state)
{
    assert_int_equal(update_version_cmp("0.2.0", "0.1.0"), 1);
    assert_int_equal(update_version_cmp("0.10.0", "0.9.9"), 1);
    assert_int_equal(update_version_cmp("1.0", "1.0.0"), 0);
    assert_int_equal(update_version_cmp("0.1.0", "0.1.1"), -1);
    assert_int_equal(update_version_cmp("0.2.0-rc1", "0.1.0"), -2);
    assert_int_equal(update_version_cmp("", "0.1.0"), -2);
    assert_int_equal(update_version_cmp("1.2.3.4.5", "0.1.0"), -2);
}

static void the_first_bundle_on_the_stick_is_found(void **state)
{
    char out[512];
    assert_int_equal(update_find(dir, out, sizeof out), 1);
    assert_true(strstr(out, "/amd64.raucb") != NULL); /* first by name */
    assert_int_equal(update_find("/nonexistent", out, sizeof out), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_good_bundle_is_accepted),
        cmocka_unit_test(each_wrong_bundle_is_refused_for_its_reason),
        cmocka_unit_test(not_newer_names_both_versions),
        cmocka_unit_test(without_rauc_config_nothing_is_offered),
        cmocka_unit_test(install_shows_progress_then_asks_for_a_restart),
        cmocka_unit_test(a_failed_install_keeps_the_running_version),
        cmocka_unit_test(status_says_rolled_back_or_updated),
        cmocka_unit_test(versions_compare_by_number),
        cmocka_unit_test(the_first_bundle_on_the_stick_is_found),
    };
    return cmocka_run_group_tests(tests, make_bundles, NULL);
}
