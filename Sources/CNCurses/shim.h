#ifndef MCPDASH_CNCURSES_SHIM_H
#define MCPDASH_CNCURSES_SHIM_H
/* SwiftPM drops the -D flags of ncursesw.pc, so the wide-character API is enabled here. */
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <ncurses.h>
#include <term.h>

/* Swift 6 rejects mutable C globals; these getters are the only way in. */
static inline WINDOW *mcpdash_stdscr(void) { return stdscr; }
static inline int mcpdash_lines(void) { return LINES; }
static inline int mcpdash_cols(void) { return COLS; }
static inline int mcpdash_colors(void) { return COLORS; }
static inline FILE *mcpdash_stdin(void) { return stdin; }
static inline FILE *mcpdash_stdout(void) { return stdout; }
/* Attribute macros that Swift does not import. */
static inline attr_t mcpdash_attr_bold(void) { return A_BOLD; }
static inline attr_t mcpdash_attr_dim(void) { return A_DIM; }
static inline attr_t mcpdash_attr_reverse(void) { return A_REVERSE; }
static inline attr_t mcpdash_attr_underline(void) { return A_UNDERLINE; }
static inline int mcpdash_key_f(int n) { return KEY_F(n); }
static inline TERMINAL *mcpdash_cur_term(void) { return cur_term; }
/* The mouse: the macros Swift does not import, and getmouse's event in plain ints. Releases
   are asked for too, and ignored by the caller: an event outside the mask is dropped inside
   wget_wch, which then waits for the next byte without the timeout and stalls the loop. */
static inline void mcpdash_enable_mouse(void) {
    mousemask(BUTTON1_PRESSED | BUTTON1_RELEASED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
    mouseinterval(0);
}
/* 1 a left press, 4 the wheel up, 5 the wheel down, 0 anything else; x and y are the cell. */
static inline int mcpdash_get_mouse(int *x, int *y) {
    MEVENT event;
    if (getmouse(&event) != OK) return 0;
    *x = event.x;
    *y = event.y;
    if (event.bstate & BUTTON1_PRESSED) return 1;
    if (event.bstate & BUTTON4_PRESSED) return 4;
#ifdef BUTTON5_PRESSED
    if (event.bstate & BUTTON5_PRESSED) return 5;
#endif
    return 0;
}
/* The input side, when the mouse is on: the terminal opened again, non-blocking, as a file
   description of its own. ncurses reads the rest of a mouse report with a blocking read, so a
   report split over two packets (SSH does that) would stall the loop until the next key; on a
   non-blocking descriptor that read fails and the report is dropped. A descriptor of its own,
   because stdin usually shares one with stdout and the shell: O_NONBLOCK there would make
   writes to the screen fail when the terminal is slow to read them. Falls back to stdin. */
static inline FILE *mcpdash_open_input(void) {
    int descriptor = open("/dev/tty", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (descriptor < 0) return stdin;
    FILE *input = fdopen(descriptor, "r");
    if (input == NULL) { close(descriptor); return stdin; }
    return input;
}
/* Ctrl-Z by hand (the terminal is raw, so the key does not stop us): the terminal restored,
   the process stopped as a shell expects, and on `fg` the handler that was there put back. */
static inline void mcpdash_suspend(void) {
    /* The stop is raised on this thread, with SIGTSTP unblocked here: the process stops
       before raise() returns. kill() to the whole process could be taken by another thread
       after the handler below was already restored, and then ncurses' handler ran instead
       and the dashboard went on without stopping. */
    void (*previous)(int) = signal(SIGTSTP, SIG_DFL);
    sigset_t stop, saved;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTSTP);
    pthread_sigmask(SIG_UNBLOCK, &stop, &saved);
    endwin();
    raise(SIGTSTP);
    pthread_sigmask(SIG_SETMASK, &saved, NULL);
    signal(SIGTSTP, previous);
}
/* tigetstr returns (char *)-1 for "not a string capability"; fold it into NULL. */
static inline const char *mcpdash_tigetstr(const char *name) {
    char *value = tigetstr((char *)name);
    return (value == (char *)-1) ? NULL : value;
}
/* Opening a screen on stdout, reading from `input` (stdin, or the terminal opened again). */
static inline SCREEN *mcpdash_newterm(const char *term, FILE *input) { return newterm(term, stdout, input); }
/* wget_wch's wint_t result in an int, so Swift need not know wint_t. */
static inline int mcpdash_get_wch(WINDOW *window, int *code) {
    wint_t value = 0;
    int status = wget_wch(window, &value);
    *code = (int)value;
    return status;
}
/* A fatal signal (a Swift trap is SIGILL or SIGTRAP) restores the terminal, then lets the
   signal end the process as it would have: endwin() as ncurses' own handlers do, then the
   attribute and cursor resets, then the default action. */
static void mcpdash_fatal_signal(int number) {
    static const char reset[] = "\033[0m\033[?25h\r\n";
    endwin();
    if (write(STDOUT_FILENO, reset, sizeof reset - 1) < 0) { /* nothing more can be done */ }
    signal(number, SIG_DFL);
    raise(number);
}
static inline void mcpdash_restore_terminal_on_fatal_signals(void) {
    const int numbers[] = {SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGQUIT};
    for (unsigned i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = mcpdash_fatal_signal;
        action.sa_flags = SA_RESETHAND | SA_NODEFER;
        sigaction(numbers[i], &action, NULL);
    }
}
#endif
