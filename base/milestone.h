/* milestone.h: where the time goes between the kernel starting the
 * program and its first frame. Each step notes the monotonic time when it
 * is done; milestone_log() writes them on one log line, after the time the
 * kernel made the process, so a boot log shows which part of the start
 * (libraries, store, display, renderer, first frame) took how long. */
#ifndef MILESTONE_H
#define MILESTONE_H

/* Notes that the step name (a string literal) is done now. The first 12
 * count; later ones are ignored. */
void milestone(const char *name);

/* Logs "start: process at T s (monotonic); name +N ms ..." once. */
void milestone_log(void);

#endif
