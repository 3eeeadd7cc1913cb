// The Linux kernel's key retention service (add_key(2), keyctl(2)), the few calls the token
// cache makes. glibc has no wrappers for these system calls and Swift cannot call the variadic
// syscall(2), so each is one line of C here (Keyctl.c). Every function returns the kernel's
// result, or -errno when the call fails.
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/// Adds (or updates) a "user" key called `description` holding `payload` to the keyring `keyring`: its serial.
long mcpdash_key_add_user(const char *description, const void *payload, size_t length, int32_t keyring);

/// Creates a keyring called `description` linked into `keyring`: its serial.
long mcpdash_key_add_keyring(const char *description, int32_t keyring);

/// Finds the key of `type` called `description` in `keyring` or the keyrings it links: its serial.
long mcpdash_key_search(int32_t keyring, const char *type, const char *description);

/// Copies up to `length` bytes of the key's payload into `buffer`: the payload's whole length.
long mcpdash_key_read(int32_t key, void *buffer, size_t length);

/// Makes the key expire `seconds` from now.
long mcpdash_key_set_timeout(int32_t key, unsigned int seconds);

/// Sets the key's permission mask.
long mcpdash_key_set_permissions(int32_t key, uint32_t permissions);

/// Makes the key unusable at once and removes it from every keyring.
long mcpdash_key_invalidate(int32_t key);

/// Moves `key` from the keyring `from` to the keyring `to`: 0. A key of the same type and
/// description in `to` is replaced, or, when `exclusive`, makes the call fail with
/// -EEXIST.
long mcpdash_key_move(int32_t key, int32_t from, int32_t to, bool exclusive);

/// Copies "type;uid;gid;permissions;description" of the key into `buffer`: the whole length.
long mcpdash_key_describe(int32_t key, char *buffer, size_t length);

/// The special serial of the calling user's keyring.
int32_t mcpdash_key_user_keyring(void);

/// The special serial of the calling process's keyring (made on first use).
int32_t mcpdash_key_process_keyring(void);

/// The permission mask the cache gives its keys: everything for a possessor, nothing for anyone else.
uint32_t mcpdash_key_possessor_only(void);
