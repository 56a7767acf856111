#ifndef MLX_CEDITLINE_SHIM_H
#define MLX_CEDITLINE_SHIM_H

#include <stdio.h>
#include <histedit.h>
#include <editline/readline.h>

// Variadic C functions cannot be called from Swift; these fixed-argument
// wrappers cover the native-API calls the REPL needs.
static inline int mlx_el_set_string(EditLine *el, int op, const char *value) {
    return el_set(el, op, value);
}
static inline int mlx_el_set_int(EditLine *el, int op, int value) {
    return el_set(el, op, value);
}
static inline int mlx_history_set_size(History *h, HistEvent *ev, int size) {
    return history(h, ev, H_SETSIZE, size);
}
static inline int mlx_history_enter(History *h, HistEvent *ev, const char *line) {
    return history(h, ev, H_ENTER, line);
}
static inline int mlx_history_load(History *h, HistEvent *ev, const char *path) {
    return history(h, ev, H_LOAD, path);
}
static inline int mlx_history_save(History *h, HistEvent *ev, const char *path) {
    return history(h, ev, H_SAVE, path);
}

#endif
