#include "CKeyctl.h"

#include <errno.h>
#include <linux/keyctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static long result(long value) { return value < 0 ? -errno : value; }

long mcpdash_key_add_user(const char *description, const void *payload, size_t length, int32_t keyring) {
    return result(syscall(SYS_add_key, "user", description, payload, length, keyring));
}

long mcpdash_key_add_keyring(const char *description, int32_t keyring) {
    return result(syscall(SYS_add_key, "keyring", description, NULL, (size_t)0, keyring));
}

long mcpdash_key_search(int32_t keyring, const char *type, const char *description) {
    return result(syscall(SYS_keyctl, KEYCTL_SEARCH, keyring, type, description, 0));
}

long mcpdash_key_read(int32_t key, void *buffer, size_t length) {
    return result(syscall(SYS_keyctl, KEYCTL_READ, key, buffer, length));
}

long mcpdash_key_set_timeout(int32_t key, unsigned int seconds) {
    return result(syscall(SYS_keyctl, KEYCTL_SET_TIMEOUT, key, seconds));
}

long mcpdash_key_set_permissions(int32_t key, uint32_t permissions) {
    return result(syscall(SYS_keyctl, KEYCTL_SETPERM, key, permissions));
}

long mcpdash_key_invalidate(int32_t key) {
    return result(syscall(SYS_keyctl, KEYCTL_INVALIDATE, key));
}

long mcpdash_key_move(int32_t key, int32_t from, int32_t to, bool exclusive) {
    return result(syscall(SYS_keyctl, KEYCTL_MOVE, key, from, to, exclusive ? KEYCTL_MOVE_EXCL : 0));
}

long mcpdash_key_describe(int32_t key, char *buffer, size_t length) {
    return result(syscall(SYS_keyctl, KEYCTL_DESCRIBE, key, buffer, length));
}

int32_t mcpdash_key_user_keyring(void) { return KEY_SPEC_USER_KEYRING; }

int32_t mcpdash_key_process_keyring(void) { return KEY_SPEC_PROCESS_KEYRING; }

// KEY_POS_* (possessor) bits: view, read, write, search, link, setattr. No user, group or other bits.
uint32_t mcpdash_key_possessor_only(void) { return 0x3f000000u; }
