// glibc's malloc arenas, which Swift's Glibc module does not show (malloc.h is not in it).
#pragma once

/// Lets malloc use at most `count` arenas from now on (mallopt M_ARENA_MAX): nonzero on success.
int mcpdash_limit_malloc_arenas(int count);
