/* x11_unplug.c OUTPUT: tells the X clients that a RandR output was pulled
 * out, for tests/sh/presenter_x11.sh.
 *
 * The dummy X driver keeps an output "connected" once it was used, so a
 * real unplug cannot happen there. This sends the RandR output-change
 * notification a real unplug would cause, marked disconnected, to every
 * top-level window (each is delivered to the client that made it). */
#include <X11/Xlib.h>
#include <X11/extensions/Xrandr.h>
#include <stdio.h>
#include <string.h>

/* The output named name and its info (free with XRRFreeOutputInfo). */
static RROutput find_output(Display *d, XRRScreenResources *res, const char *name,
                            XRROutputInfo **info)
{
    for (int i = 0; i < res->noutput; i++) {
        XRROutputInfo *o = XRRGetOutputInfo(d, res, res->outputs[i]);
        if (o && !strcmp(o->name, name)) {
            *info = o;
            return res->outputs[i];
        }
        if (o)
            XRRFreeOutputInfo(o);
    }
    return None;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: x11_unplug OUTPUT\n");
        return 2;
    }
    Display *d = XOpenDisplay(NULL);
    int event_base, error_base;
    if (!d || !XRRQueryExtension(d, &event_base, &error_base)) {
        fprintf(stderr, "x11_unplug: no X display with RandR\n");
        return 1;
    }
    Window root = DefaultRootWindow(d);
    XRRScreenResources *res = XRRGetScreenResourcesCurrent(d, root);
    XRROutputInfo *info = NULL;
    RROutput output = res ? find_output(d, res, argv[1], &info) : None;
    if (output == None) {
        fprintf(stderr, "x11_unplug: no output %s\n", argv[1]);
        return 1;
    }
    XRROutputChangeNotifyEvent ev;
    memset(&ev, 0, sizeof ev);
    ev.type = event_base + RRNotify;
    ev.subtype = RRNotify_OutputChange;
    ev.display = d;
    ev.output = output;
    ev.crtc = info->crtc;
    ev.mode = None;
    ev.rotation = RR_Rotate_0;
    ev.connection = RR_Disconnected;

    Window root_back, parent, *children = NULL;
    unsigned int n = 0;
    XQueryTree(d, root, &root_back, &parent, &children, &n);
    for (unsigned int i = 0; i < n; i++) {
        ev.window = children[i];
        XSendEvent(d, children[i], False, NoEventMask, (XEvent *)&ev);
    }
    if (children)
        XFree(children);
    XSync(d, False);
    printf("x11_unplug: %s marked disconnected for %u windows\n", argv[1], n);
    XRRFreeOutputInfo(info);
    XRRFreeScreenResources(res);
    XCloseDisplay(d);
    return 0;
}
