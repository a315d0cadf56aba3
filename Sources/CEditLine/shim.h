// libedit: the line editor, history and the readline-compatible completion interface.
#include <stdio.h>
#include <histedit.h>

// Swift cannot call C variadic functions, so each el_set/el_get/history call the REPL needs
// is wrapped in a fixed-signature helper.

/// Sets the function that returns the prompt string.
static inline int amulet_el_set_prompt(EditLine *el, char *(*prompt)(EditLine *)) {
    return el_set(el, EL_PROMPT, prompt);
}

/// Selects the key bindings: "emacs" or "vi".
static inline int amulet_el_set_editor(EditLine *el, const char *mode) {
    return el_set(el, EL_EDITOR, mode);
}

/// Attaches a history so the arrow keys and searches use it.
static inline int amulet_el_set_history(EditLine *el, History *list) {
    return el_set(el, EL_HIST, history, list);
}

/// Stores an opaque pointer that callbacks can read back with amulet_el_get_clientdata.
static inline int amulet_el_set_clientdata(EditLine *el, void *data) {
    return el_set(el, EL_CLIENTDATA, data);
}

/// Reads the pointer stored with amulet_el_set_clientdata, or NULL.
static inline void *amulet_el_get_clientdata(EditLine *el) {
    void *data = NULL;
    if (el_get(el, EL_CLIENTDATA, &data) != 0) return NULL;
    return data;
}

/// Registers a named editor function that keys can be bound to.
static inline int amulet_el_add_function(
    EditLine *el, const char *name, const char *help, unsigned char (*function)(EditLine *, int)) {
    return el_set(el, EL_ADDFN, name, help, function);
}

/// Binds a key sequence such as "^I" to a named editor function.
static inline int amulet_el_bind(EditLine *el, const char *key, const char *function) {
    return el_set(el, EL_BIND, key, function, NULL);
}

/// Clears a terminal flag such as "isig" while editing (mode "-d"), leaving it for commands.
static inline int amulet_el_setty(EditLine *el, const char *mode, const char *flag) {
    return el_set(el, EL_SETTY, mode, flag, NULL);
}

/// Puts the terminal into libedit's editing mode now (`on` nonzero) or back to cooked mode.
static inline int amulet_el_prep_term(EditLine *el, int on) {
    return el_set(el, EL_PREP_TERM, on);
}

/// The terminal's width in columns, or 80 when libedit does not know it.
static inline int amulet_el_terminal_columns(EditLine *el) {
    int columns = 0;
    if (el_get(el, EL_GETTC, "co", &columns, NULL) != 0 || columns <= 0) return 80;
    return columns;
}

/// Limits the history to `size` entries.
static inline int amulet_history_set_size(History *list, int size) {
    HistEvent event;
    return history(list, &event, H_SETSIZE, size);
}

/// Skips entering a line equal to the previous one when `unique` is nonzero.
static inline int amulet_history_set_unique(History *list, int unique) {
    HistEvent event;
    return history(list, &event, H_SETUNIQUE, unique);
}

/// Appends a line to the history.
static inline int amulet_history_enter(History *list, const char *line) {
    HistEvent event;
    return history(list, &event, H_ENTER, line);
}

/// Loads the history from a file; negative when the file cannot be read.
static inline int amulet_history_load(History *list, const char *path) {
    HistEvent event;
    return history(list, &event, H_LOAD, path);
}

/// Saves the history to a file; negative when the file cannot be written.
static inline int amulet_history_save(History *list, const char *path) {
    HistEvent event;
    return history(list, &event, H_SAVE, path);
}

/// The process's standard streams, which Swift 6 cannot read as C globals.
static inline FILE *amulet_stdin(void) { return stdin; }
static inline FILE *amulet_stdout(void) { return stdout; }
static inline FILE *amulet_stderr(void) { return stderr; }
